/** The part of a `ws` WebSocket the sender uses (a fake in unit tests). */
export interface SendSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array | string, callback: (error?: Error) => void): void;
}

const OPEN = 1;

export interface FrameSenderOptions {
  /** Stop handing frames to the socket while it holds this many unsent bytes. */
  highWaterBytes: number;
  /** Bytes waiting here (not yet handed to the socket) beyond which the reader is too slow. */
  maxQueuedBytes: number;
  /** Called (each time) when the queue is over maxQueuedBytes. */
  onOverflow: () => void;
}

interface Item {
  data: Uint8Array | string;
  bytes: number;
  owner: object | undefined;
}

export interface SenderStats {
  binaryFrames: number;
  binaryBytes: number;
  /** The most bytes ever waiting here / in the socket's own buffer (the memory a slow reader can cost). */
  maxQueuedBytes: number;
  maxBufferedBytes: number;
}

/**
 * Everything a streaming socket sends, in order, with backpressure: frames are handed to the socket only while
 * its buffer is under the high-water mark, otherwise they wait here until the socket has written what it holds.
 * The engine does not wait for a slow reader (a run cannot be paused), so what waits here is bounded by
 * maxQueuedBytes: past it the connection gives up on the reader (onOverflow).
 */
export class FrameSender {
  readonly stats: SenderStats = { binaryFrames: 0, binaryBytes: 0, maxQueuedBytes: 0, maxBufferedBytes: 0 };
  private readonly socket: SendSocket;
  private readonly options: FrameSenderOptions;
  private queue: Item[] = [];
  private queued = 0;
  private pumping = false;
  private written: Promise<void> = Promise.resolve();

  constructor(socket: SendSocket, options: FrameSenderOptions) {
    this.socket = socket;
    this.options = options;
  }

  get queuedBytes(): number {
    return this.queued;
  }

  sendBinary(bytes: Uint8Array, owner?: object): void {
    this.enqueue({ data: bytes, bytes: bytes.length, owner });
  }

  sendJson(value: unknown, owner?: object): void {
    const text = JSON.stringify(value);
    this.enqueue({ data: text, bytes: Buffer.byteLength(text), owner });
  }

  /** Forgets what `owner` queued and has not been handed to the socket yet (a cancelled request's audio). */
  drop(owner: object): void {
    this.queue = this.queue.filter((item) => {
      if (item.owner !== owner) return true;
      this.queued -= item.bytes;
      return false;
    });
  }

  private enqueue(item: Item): void {
    if (this.socket.readyState !== OPEN) return;
    this.queue.push(item);
    this.queued += item.bytes;
    if (this.queued > this.stats.maxQueuedBytes) this.stats.maxQueuedBytes = this.queued;
    void this.pump();
    if (this.queued > this.options.maxQueuedBytes) this.options.onOverflow();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        if (this.socket.readyState !== OPEN) {
          this.queue = [];
          this.queued = 0;
          return;
        }
        if (this.socket.bufferedAmount >= this.options.highWaterBytes) {
          // Resolves once the socket has written everything up to the last frame sent (or closed).
          const awaited = this.written;
          await awaited;
          // Whatever else holds the buffer (a ping, say), never spin on a promise that has already resolved.
          if (this.written === awaited && this.socket.bufferedAmount >= this.options.highWaterBytes)
            await new Promise((resolve) => setTimeout(resolve, 10));
          continue;
        }
        const item = this.queue.shift()!;
        this.queued -= item.bytes;
        this.written = new Promise<void>((resolve) => this.socket.send(item.data, () => resolve()));
        if (typeof item.data !== 'string') {
          this.stats.binaryFrames++;
          this.stats.binaryBytes += item.bytes;
        }
        const buffered = this.socket.bufferedAmount;
        if (buffered > this.stats.maxBufferedBytes) this.stats.maxBufferedBytes = buffered;
      }
    } finally {
      this.pumping = false;
    }
  }
}
