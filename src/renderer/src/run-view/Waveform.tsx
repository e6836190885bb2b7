import { useEffect, useRef, type MutableRefObject } from 'react';
import WaveSurfer from 'wavesurfer.js';
import type { GenericPlugin } from 'wavesurfer.js/dist/base-plugin.js';
import HoverPlugin from 'wavesurfer.js/plugins/hover';
import MinimapPlugin from 'wavesurfer.js/plugins/minimap';
import RegionsPlugin, { type Region } from 'wavesurfer.js/plugins/regions';
import SpectrogramPlugin from 'wavesurfer.js/plugins/spectrogram';
import TimelinePlugin from 'wavesurfer.js/plugins/timeline';
import ZoomPlugin from 'wavesurfer.js/plugins/zoom';
import type { BoundaryRecord } from '../../../contract/index.ts';
import type { BufferPlayer } from '../audio/buffer-player.ts';
import { clock, fixed } from '../components/format.ts';
import { themeColor, useColorScheme } from '../hooks/useColorScheme.ts';
import type { ShadedSpan } from './boundary-spans.ts';
import { drawWave } from './sample-drawing.ts';

/** Above this length the spectrogram is computed per visible window instead of for the whole run at once. */
const WINDOWED_SPECTROGRAM_S = 60;
/** Labels on every marker turn into clutter when they are closer than this on screen. */
const MIN_LABEL_SPACING_PX = 46;

export interface WaveformControls {
  ws: WaveSurfer;
  /** Pixels per second that show the whole run in the container. */
  fitPxPerSec: () => number;
  zoom: (pxPerSec: number, centreTime?: number) => void;
  scrollTo: (time: number) => void;
}

export interface WaveformProps {
  /** The audio, or (for long runs still arriving) an interleaved max/min envelope of it; see `full`. */
  samples: Float32Array;
  /** False while `samples` is an envelope: the spectrogram waits for the real samples. */
  full?: boolean;
  /** Length of the audio in seconds (needed because an envelope has fewer values than samples). */
  durationS?: number;
  sampleRate: number;
  /** Drawn on top of the main waveform (the offline reference). */
  overlay?: Float32Array | null;
  boundaries: readonly BoundaryRecord[];
  spans?: readonly ShadedSpan[];
  player: BufferPlayer;
  height?: number;
  spectrogram?: boolean;
  minimap?: boolean;
  /** Allow drag-selecting a loop region. */
  loopSelection?: boolean;
  /** Fixed duration (s) for the x axis, so waveforms of different runs line up in Compare. */
  alignDuration?: number;
  controls?: MutableRefObject<WaveformControls | null>;
  onReady?: () => void;
  onZoom?: (pxPerSec: number) => void;
  onScroll?: (startTime: number) => void;
  testId?: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Boundary markers and shaded spans as one layer in wavesurfer's wrapper, positioned in % of the duration so they
 * follow zoom and scroll for free. Not regions-plugin regions: the plugin measures layout once per region (a
 * forced reflow each), which takes seconds for 600 markers. The layer is built as one HTML string with its own
 * stylesheet (the wrapper lives in wavesurfer's shadow root, out of reach of the page's CSS), and the theme
 * colours are read once: building 600 markers element by element, each reading the computed style three times,
 * took about a tenth of a second of the 10-minute run's load.
 */
function markerLayer(
  boundaries: readonly BoundaryRecord[],
  spans: readonly ShadedSpan[],
  duration: number,
  withLabels: boolean,
): HTMLElement {
  const colour = {
    marker: themeColor('--marker'),
    soft: themeColor('--marker-soft'),
    panel: themeColor('--panel-2'),
    text: themeColor('--text'),
    overlap: themeColor('--overlap'),
    crossfade: themeColor('--crossfade'),
  };
  const layer = document.createElement('div');
  layer.setAttribute('part', 'boundary-layer');
  Object.assign(layer.style, { position: 'absolute', inset: '0', pointerEvents: 'none', zIndex: '4' });
  const percent = (t: number) => `${(t / duration) * 100}%`;
  const html: string[] = [
    `<style>
      .s{position:absolute;top:0;bottom:0}
      .s.overlap{background:${colour.overlap}}
      .s.crossfade{background:${colour.crossfade}}
      .m{position:absolute;top:0;bottom:0;width:0;margin-left:-1px;border-left:2px solid ${colour.soft}}
      .m.hot{border-left-color:${colour.marker}}
      .l{font-size:10px;line-height:12px;padding:0 3px;border-radius:3px;background:${colour.panel};color:${colour.text};
        white-space:nowrap;position:relative;left:2px;top:2px;pointer-events:none}
      .hot .l{background:${colour.marker};color:#fff}
    </style>`,
  ];
  for (const span of spans)
    html.push(
      `<div class="s ${span.kind}" data-testid="span-${span.kind}" style="left:${percent(span.start)};width:${percent(
        span.end - span.start,
      )}"></div>`,
    );
  for (const b of boundaries) {
    const title = () =>
      `boundary ${b.index} at ${clock(b.timeS)} · click score ${fixed(b.clickScore, 2)}${
        b.segmentJoin ? ' · sentence join' : ''
      }`;
    const label = withLabels
      ? `<span part="marker-label" class="l" title="${escapeHtml(title())}">#${b.index} · ${escapeHtml(
          fixed(b.clickScore, 1),
        )}</span>`
      : '';
    html.push(
      `<div class="m${b.clickScore > 5 ? ' hot' : ''}" data-testid="boundary-marker" data-time="${b.timeS}" ` +
        `data-index="${b.index}" data-click="${b.clickScore}" style="left:${percent(b.timeS)}">${label}</div>`,
    );
  }
  layer.innerHTML = html.join('');
  return layer;
}

/** Runs `task` when the page is next idle (after the frame that shows what is already there); returns a cancel. */
function whenIdle(task: () => void): () => void {
  if (typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(task, { timeout: 1000 });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = window.setTimeout(task, 50);
  return () => window.clearTimeout(handle);
}

/**
 * The run's audio in wavesurfer.js 8, decoded at the file's own rate (no 8 kHz default), with a spectrogram,
 * hover time, timeline, minimap and wheel zoom down to single samples. Every boundary is a zero-width region
 * (marker) at its exact sample time, labelled with index and click score; overlap/crossfade spans are shaded.
 * Playback runs on the shared AudioContext (BufferPlayer); wavesurfer only draws and reports clicks.
 */
export function Waveform(props: WaveformProps) {
  const container = useRef<HTMLDivElement>(null);
  const scheme = useColorScheme();
  const latest = useRef(props);
  latest.current = props;
  const { sampleRate, overlay, boundaries, spans, player, alignDuration } = props;
  const full = props.full ?? true;
  const audioDuration = props.durationS ?? props.samples.length / sampleRate;
  const view = useRef<{
    ws: WaveSurfer;
    shown: Float32Array;
    load: (data: Float32Array, full: boolean) => void;
  } | null>(null);
  const spectrogram = props.spectrogram ?? true;
  const minimap = props.minimap ?? true;
  const height = props.height ?? 140;

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const initial = latest.current.samples;
    const initialFull = latest.current.full ?? true;
    const duration = Math.max(alignDuration ?? 0, audioDuration);
    // Pad to the aligned duration so every lane in Compare shares one time axis (envelopes are not padded: they
    // only occur in the single-run view).
    const padded = (data: Float32Array, isFull: boolean) => {
      const length = Math.round(duration * sampleRate);
      if (!isFull || data.length >= length) return data;
      const out = new Float32Array(length);
      out.set(data);
      return out;
    };
    const channels = (data: Float32Array, isFull: boolean) =>
      overlay && isFull ? [padded(data, true), padded(overlay, true)] : [padded(data, isFull)];
    const regions = RegionsPlugin.create();
    const plugins: GenericPlugin[] = [
      regions,
      TimelinePlugin.create({ height: 18, style: { color: themeColor('--muted'), fontSize: '10px' } }),
      HoverPlugin.create({
        lineColor: themeColor('--text'),
        labelBackground: themeColor('--panel-2'),
        labelColor: themeColor('--text'),
        labelSize: 11,
        formatTimeCallback: (s: number) => clock(s),
      }),
      ZoomPlugin.create({ scale: 0.25, maxZoom: sampleRate * 8, exponentialZooming: true }),
    ];
    // The overview strip is a second wavesurfer drawing the whole run again: it is added once the main view is
    // ready (when the page is next idle), so it does not stand between a researcher and the waveform (about 0.1 s for 10 minutes).
    const makeMinimap = () =>
      MinimapPlugin.create({
        height: 28,
        waveColor: themeColor('--wave'),
        progressColor: themeColor('--wave-progress'),
        overlayColor: 'rgba(128,128,128,0.18)',
        insertPosition: 'beforebegin',
      });
    const makeSpectrogram = () =>
      SpectrogramPlugin.create({
        height: 110,
        labels: true,
        labelsColor: themeColor('--muted'),
        labelsBackground: 'transparent',
        frequencyMax: sampleRate / 2,
        fftSamples: 512,
        // Mel + pre-emphasis: the harmonics of voiced speech sit low; a linear axis leaves them a few pixels high.
        scale: 'mel',
        preEmphasis: 6,
        autoGain: duration <= WINDOWED_SPECTROGRAM_S,
        rendering: duration > WINDOWED_SPECTROGRAM_S ? 'windowed' : 'full',
        colorMap: 'roseus',
        rangeDB: 80,
      });
    let spectrogramAdded = spectrogram && initialFull;
    // Whether the drawn data are the samples themselves (not an envelope still standing in for them).
    let exact = initialFull;
    const renderFunction = (channels: (Float32Array | number[])[], ctx: CanvasRenderingContext2D) => {
      const mode = drawWave(channels, ctx, exact);
      // The attribute tells tests and styles how the view is drawn; a sliver of a canvas at the end of the run
      // (a few pixels, no whole sample) says nothing about that.
      if ((channels[0]?.length ?? 0) >= 2) element.dataset.drawMode = mode;
    };
    if (spectrogramAdded) plugins.push(makeSpectrogram());
    const ws = WaveSurfer.create({
      container: element,
      height,
      waveColor: themeColor('--wave'),
      progressColor: themeColor('--wave-progress'),
      cursorColor: themeColor('--text'),
      cursorWidth: 1,
      sampleRate,
      peaks: channels(initial, initialFull),
      renderFunction,
      duration,
      normalize: false,
      interact: true,
      autoScroll: true,
      autoCenter: false,
      dragToSeek: false,
      splitChannels: overlay
        ? [
            { waveColor: themeColor('--wave'), progressColor: themeColor('--wave-progress') },
            { overlay: true, waveColor: themeColor('--wave-ref'), progressColor: themeColor('--wave-ref') },
          ]
        : undefined,
      plugins,
    });

    const subscriptions: (() => void)[] = [];
    let minimapTimer: (() => void) | undefined;
    subscriptions.push(() => minimapTimer?.());
    let fitPx = element.clientWidth / duration;
    let markersAdded = false;
    let layer: HTMLElement | null = null;
    let labelled = false;
    // Labels are only made once they can be read: at fit, 600 boundaries in 1300 px leave no room for them, and
    // 600 hidden labels were a share of the layout work before the view was ready.
    const placeMarkers = (withLabels: boolean) => {
      const next = markerLayer(boundaries, spans ?? [], duration, withLabels);
      if (layer) layer.replaceWith(next);
      else ws.getWrapper().appendChild(next);
      layer = next;
      labelled = withLabels;
    };
    const isDense = (pxPerSec: number) => {
      const spacing = boundaries.length > 1 ? duration / boundaries.length : duration;
      return Math.max(pxPerSec, fitPx) * spacing < MIN_LABEL_SPACING_PX;
    };
    const updateDensity = (pxPerSec: number) => {
      const dense = isDense(pxPerSec);
      element.classList.toggle('dense', dense);
      if (!dense && layer && !labelled) placeMarkers(true);
    };

    subscriptions.push(
      ws.on('ready', () => {
        fitPx = element.clientWidth / duration;
        // A later load (the full audio replacing the envelope) keeps the markers already placed.
        if (markersAdded) return;
        markersAdded = true;
        element.dataset.markers = String(boundaries.length);
        placeMarkers(!isDense(0));
        updateDensity(0);
        syncLoop();
        latest.current.onReady?.();
        if (minimap)
          minimapTimer = whenIdle(() => {
            element.dataset.minimap = 'true';
            ws.registerPlugin(makeMinimap());
          });
      }),
      ws.on('interaction', (time) => player.seek(time)),
      ws.on('zoom', (px) => {
        updateDensity(px);
        latest.current.onZoom?.(px);
      }),
      ws.on('scroll', (start) => latest.current.onScroll?.(start)),
      regions.on('region-created', (region) => {
        if (region.id === 'loop') return;
        // A drag selection: it becomes the loop region.
        const { start, end } = region;
        region.remove();
        player.setLoop({ start, end });
      }),
    );
    if (props.loopSelection !== false)
      subscriptions.push(regions.enableDragSelection({ color: themeColor('--loop') }, 6));

    let loopRegion: Region | null = null;
    const syncLoop = () => {
      const loop = player.loopRegion;
      if (!loop) {
        loopRegion?.remove();
        loopRegion = null;
        return;
      }
      if (loopRegion && loopRegion.start === loop.start && loopRegion.end === loop.end) return;
      loopRegion?.remove();
      loopRegion = regions.addRegion({
        id: 'loop',
        start: loop.start,
        end: loop.end,
        color: themeColor('--loop'),
        drag: false,
        resize: false,
      });
      loopRegion.element?.setAttribute('data-testid', 'loop-region');
    };

    // The cursor follows the AudioContext clock while playing.
    let frame = 0;
    const follow = () => {
      ws.setTime(player.position());
      if (player.isPlaying) frame = requestAnimationFrame(follow);
    };
    subscriptions.push(
      player.subscribe(() => {
        cancelAnimationFrame(frame);
        follow();
        syncLoop();
      }),
    );

    view.current = {
      ws,
      shown: initial,
      load: (data, isFull) => {
        exact = isFull;
        void ws.load('', channels(data, isFull), duration).then(() => {
          if (isFull && spectrogram && !spectrogramAdded) {
            spectrogramAdded = true;
            ws.registerPlugin(makeSpectrogram());
          }
        });
      },
    };

    if (props.controls)
      props.controls.current = {
        ws,
        fitPxPerSec: () => element.clientWidth / duration,
        zoom: (pxPerSec, centreTime) => {
          // Until the audio (or envelope) is loaded wavesurfer has nothing to zoom and throws; a key pressed
          // that early does nothing.
          if (!ws.getDecodedData()) return;
          ws.zoom(pxPerSec);
          if (centreTime !== undefined)
            ws.setScrollTime(Math.max(0, centreTime - element.clientWidth / pxPerSec / 2));
        },
        scrollTo: (time) => ws.setScrollTime(time),
      };

    return () => {
      cancelAnimationFrame(frame);
      for (const unsubscribe of subscriptions) unsubscribe();
      if (props.controls) props.controls.current = null;
      view.current = null;
      ws.destroy();
    };
    // Rebuilt when the markers, overlay or theme change; new samples are loaded in place (next effect); callbacks
    // are read through `latest`.
  }, [
    sampleRate,
    audioDuration,
    overlay,
    boundaries,
    spans,
    player,
    alignDuration,
    spectrogram,
    minimap,
    height,
    scheme,
  ]);

  // The full audio replacing the envelope (or any new samples): loaded into the same view, markers kept.
  useEffect(() => {
    const current = view.current;
    if (!current || current.shown === props.samples) return;
    current.shown = props.samples;
    current.load(props.samples, full);
  }, [props.samples, full]);

  return <div ref={container} className="waveform" data-testid={props.testId ?? 'waveform'} />;
}
