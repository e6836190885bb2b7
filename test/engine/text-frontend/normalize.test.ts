import { describe, expect, test } from 'vitest';
import { normalizePunctuation } from '../../../src/engine/text-frontend/normalize.ts';

// Expected values follow upstream punc_norm (resemble-ai/chatterbox src/chatterbox/tts.py) step by step.
const GOLDEN: [string, string][] = [
  ['', 'You need to add some text for me to talk.'],
  ['hello world', 'Hello world.'],
  ['Hello world', 'Hello world.'],
  ['élan vital', 'Élan vital.'],
  ['  hello', 'hello.'], // leading space: text[0] is " ", so no capitalisation
  ['hello   \t\n world', 'Hello world.'],
  ['wait... what', 'Wait,  what.'], // upstream quirk: ", " inserted after whitespace was collapsed
  ['wait… what', 'Wait,  what.'],
  ['ends with dots...', 'Ends with dots,'],
  ['note: this; that', 'Note, this,  that.'],
  ['left - right', 'Left, right.'],
  ['em\u2014dash and en\u2013dash', 'Em-dash and en-dash.'],
  ['a , b', 'A, b.'],
  ['\u201cquoted\u201d and \u2018single\u2019', '"quoted" and \'single\'.'],
  ['Really?', 'Really?'],
  ['Wow!', 'Wow!'],
  ['trailing comma,', 'Trailing comma,'],
  ['trailing dash -', 'Trailing dash -'],
  ['TEST', 'TEST.'],
  ['123 go', '123 go.'],
  ['   ', '.'],
  ['non\u00a0breaking\u3000spaces', 'Non breaking spaces.'],
  ['zero\ufeffwidth', 'Zero\ufeffwidth.'], // U+FEFF is not whitespace to Python
];

describe('normalizePunctuation', () => {
  test.each(GOLDEN)('%j -> %j', (input, expected) => {
    expect(normalizePunctuation(input)).toBe(expected);
  });
});
