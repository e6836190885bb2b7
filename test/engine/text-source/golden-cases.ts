import type { SplitterOptionsInput } from '../../../src/engine/text-source/options.ts';

/** A golden case: the input, the splitter options, and the segments it must give (pushed whole or in pieces). */
export interface GoldenCase {
  name: string;
  input: string;
  options: SplitterOptionsInput;
  expected: string[];
}

/** Sentence detection without merging, so each expectation shows exactly where sentences end. */
const S: SplitterOptionsInput = { mode: 'sentences', minChars: 0 };

const sentenceCases: GoldenCase[] = [
  // Plain sentence ends.
  {
    name: 'two sentences',
    input: 'Hello world. How are you?',
    options: S,
    expected: ['Hello world.', 'How are you?'],
  },
  { name: 'exclamation', input: 'Stop! Go now.', options: S, expected: ['Stop!', 'Go now.'] },
  {
    name: 'single sentence, no terminator',
    input: 'no terminator here',
    options: S,
    expected: ['no terminator here'],
  },
  {
    name: 'leading/trailing whitespace',
    input: '   Hi there.   Bye now.  ',
    options: S,
    expected: ['Hi there.', 'Bye now.'],
  },
  { name: 'empty input', input: '', options: S, expected: [] },
  { name: 'whitespace only', input: ' \n\t ', options: S, expected: [] },
  {
    name: 'digit starts next sentence',
    input: 'It was late. 5 people came.',
    options: S,
    expected: ['It was late.', '5 people came.'],
  },
  {
    name: 'lowercase after period continues',
    input: 'This is odd. but fine.',
    options: S,
    expected: ['This is odd. but fine.'],
  },
  {
    name: 'no space after period',
    input: 'Hello.World is a name.',
    options: S,
    expected: ['Hello.World is a name.'],
  },
  {
    name: 'tab and newline as whitespace',
    input: 'One here.\tTwo here.\nThree here.',
    options: S,
    expected: ['One here.', 'Two here.', 'Three here.'],
  },
  // ?! runs and interrobangs.
  { name: '?!', input: 'Really?! Yes.', options: S, expected: ['Really?!', 'Yes.'] },
  { name: '?!?', input: 'What?!? No way.', options: S, expected: ['What?!?', 'No way.'] },
  { name: '!!!', input: 'Wow!!! That is great.', options: S, expected: ['Wow!!!', 'That is great.'] },
  {
    name: 'interrobang',
    input: 'You did what‽ Amazing.',
    options: S,
    expected: ['You did what‽', 'Amazing.'],
  },
  { name: 'double question mark glyph', input: 'Is it⁇ It is.', options: S, expected: ['Is it⁇', 'It is.'] },
  {
    name: 'question then lowercase (attribution)',
    input: '"Why?" he asked. Then silence.',
    options: S,
    expected: ['"Why?" he asked.', 'Then silence.'],
  },
  {
    name: 'exclamation then comma',
    input: 'Yahoo! is a company. Yes.',
    options: S,
    expected: ['Yahoo! is a company.', 'Yes.'],
  },
  // Titles and abbreviations.
  {
    name: 'Mr.',
    input: 'Mr. Smith is here. He waits.',
    options: S,
    expected: ['Mr. Smith is here.', 'He waits.'],
  },
  {
    name: 'Mrs.',
    input: 'Ask Mrs. Jones. She knows.',
    options: S,
    expected: ['Ask Mrs. Jones.', 'She knows.'],
  },
  { name: 'Ms.', input: 'Ms. Lee agreed.', options: S, expected: ['Ms. Lee agreed.'] },
  {
    name: 'Dr.',
    input: 'Dr. Who arrived. It was late.',
    options: S,
    expected: ['Dr. Who arrived.', 'It was late.'],
  },
  {
    name: 'Prof.',
    input: 'Prof. Brown teaches. We listen.',
    options: S,
    expected: ['Prof. Brown teaches.', 'We listen.'],
  },
  {
    name: 'St.',
    input: 'We flew to St. Louis. It rained.',
    options: S,
    expected: ['We flew to St. Louis.', 'It rained.'],
  },
  {
    name: 'title in parentheses',
    input: 'The chair (Dr. Ray) spoke. Done.',
    options: S,
    expected: ['The chair (Dr. Ray) spoke.', 'Done.'],
  },
  {
    name: 'Spanish Sr.',
    input: 'El Sr. García llegó. Bien.',
    options: S,
    expected: ['El Sr. García llegó.', 'Bien.'],
  },
  {
    name: 'e.g.',
    input: 'Use a fruit, e.g. An apple. Fine.',
    options: S,
    expected: ['Use a fruit, e.g. An apple.', 'Fine.'],
  },
  {
    name: 'i.e.',
    input: 'The best, i.e. The first one. Ok.',
    options: S,
    expected: ['The best, i.e. The first one.', 'Ok.'],
  },
  {
    name: 'e.g., with comma',
    input: 'Fruit, e.g., apples. More.',
    options: S,
    expected: ['Fruit, e.g., apples.', 'More.'],
  },
  {
    name: 'vs.',
    input: 'It was Ali vs. Frazier. A classic.',
    options: S,
    expected: ['It was Ali vs. Frazier.', 'A classic.'],
  },
  {
    name: 'v. in case names',
    input: 'See Roe v. Wade. It matters.',
    options: S,
    expected: ['See Roe v. Wade.', 'It matters.'],
  },
  {
    name: 'cf.',
    input: 'Compare them (cf. Smith). Good.',
    options: S,
    expected: ['Compare them (cf. Smith).', 'Good.'],
  },
  {
    name: 'etc. mid-sentence',
    input: 'Apples, pears, etc. are fruit. Yes.',
    options: S,
    expected: ['Apples, pears, etc. are fruit.', 'Yes.'],
  },
  {
    name: 'etc. ends a sentence',
    input: 'Apples, pears, etc. Then we ate.',
    options: S,
    expected: ['Apples, pears, etc.', 'Then we ate.'],
  },
  {
    name: 'Inc. ends a sentence',
    input: 'I work at Acme Inc. The pay is fine.',
    options: S,
    expected: ['I work at Acme Inc.', 'The pay is fine.'],
  },
  {
    name: 'U.S. before a capital',
    input: 'The U.S. Army marched. Then it rested.',
    options: S,
    expected: ['The U.S. Army marched.', 'Then it rested.'],
  },
  {
    name: 'U.S. before lowercase',
    input: 'The U.S. economy grew. Good.',
    options: S,
    expected: ['The U.S. economy grew.', 'Good.'],
  },
  {
    name: 'U.S.A. at sentence end before lowercase',
    input: 'Made in the U.S.A. and sold here.',
    options: S,
    expected: ['Made in the U.S.A. and sold here.'],
  },
  {
    name: 'a.m. before lowercase',
    input: 'We meet at 10 a.m. tomorrow. Be there.',
    options: S,
    expected: ['We meet at 10 a.m. tomorrow.', 'Be there.'],
  },
  {
    name: 'p.m. before a time zone',
    input: 'It starts at 5 p.m. EST sharp. Come.',
    options: S,
    expected: ['It starts at 5 p.m. EST sharp.', 'Come.'],
  },
  {
    name: 'p.m. ends a sentence',
    input: 'It closes at 5 p.m. Then we go home.',
    options: S,
    expected: ['It closes at 5 p.m.', 'Then we go home.'],
  },
  {
    name: 'No. 5',
    input: 'Take bus No. 5 now. Hurry.',
    options: S,
    expected: ['Take bus No. 5 now.', 'Hurry.'],
  },
  {
    name: 'no. as a word',
    input: 'The answer is no. Then he left.',
    options: S,
    expected: ['The answer is no.', 'Then he left.'],
  },
  {
    name: 'Fig. 3',
    input: 'See Fig. 3 for details. It helps.',
    options: S,
    expected: ['See Fig. 3 for details.', 'It helps.'],
  },
  {
    name: 'p. 12 and pp. 4',
    input: 'Read p. 12 and pp. 4 to 9. Then rest.',
    options: S,
    expected: ['Read p. 12 and pp. 4 to 9.', 'Then rest.'],
  },
  {
    name: 'Vol. and Ch.',
    input: 'Open Vol. 2, Ch. 7 today. Enjoy.',
    options: S,
    expected: ['Open Vol. 2, Ch. 7 today.', 'Enjoy.'],
  },
  {
    name: 'month before a number',
    input: 'Due on Jan. 5 at noon. Thanks.',
    options: S,
    expected: ['Due on Jan. 5 at noon.', 'Thanks.'],
  },
  {
    name: 'approx.',
    input: 'It weighs approx. Twelve kilos. Heavy.',
    options: S,
    expected: ['It weighs approx. Twelve kilos.', 'Heavy.'],
  },
  {
    name: 'German z.B.',
    input: 'Obst, z.B. Äpfel, ist gut. Ja.',
    options: S,
    expected: ['Obst, z.B. Äpfel, ist gut.', 'Ja.'],
  },
  // Initials.
  {
    name: 'initials J. R. R. Tolkien',
    input: 'J. R. R. Tolkien wrote it. Read it.',
    options: S,
    expected: ['J. R. R. Tolkien wrote it.', 'Read it.'],
  },
  {
    name: 'initials mid-sentence',
    input: 'A book by J. K. Rowling. Fun.',
    options: S,
    expected: ['A book by J. K. Rowling.', 'Fun.'],
  },
  {
    name: 'dotted initials J.R.R.',
    input: 'J.R.R. Tolkien again. Yes.',
    options: S,
    expected: ['J.R.R. Tolkien again.', 'Yes.'],
  },
  {
    name: 'middle initial',
    input: 'John F. Kennedy spoke. People cheered.',
    options: S,
    expected: ['John F. Kennedy spoke.', 'People cheered.'],
  },
  // Numbers, times, versions, URLs, e-mail.
  {
    name: 'decimal',
    input: 'Pi is 3.14 roughly. Nice.',
    options: S,
    expected: ['Pi is 3.14 roughly.', 'Nice.'],
  },
  {
    name: 'money',
    input: 'It costs $2.50 today. Cheap.',
    options: S,
    expected: ['It costs $2.50 today.', 'Cheap.'],
  },
  {
    name: 'decimal at sentence end',
    input: 'The value is 2.5. Next one.',
    options: S,
    expected: ['The value is 2.5.', 'Next one.'],
  },
  {
    name: 'leading-dot decimal',
    input: 'Add .5 grams. Stir.',
    options: S,
    expected: ['Add .5 grams.', 'Stir.'],
  },
  {
    name: 'time 10:30',
    input: 'Meet at 10:30. Be early.',
    options: S,
    expected: ['Meet at 10:30.', 'Be early.'],
  },
  {
    name: 'version v1.2.3',
    input: 'Update to v1.2.3 now. It is safer.',
    options: S,
    expected: ['Update to v1.2.3 now.', 'It is safer.'],
  },
  {
    name: 'version at sentence end',
    input: 'We shipped 2.0. Users liked it.',
    options: S,
    expected: ['We shipped 2.0.', 'Users liked it.'],
  },
  {
    name: 'URL mid-sentence',
    input: 'Go to https://example.com/a.b?x=1&y=2 today. Thanks.',
    options: S,
    expected: ['Go to https://example.com/a.b?x=1&y=2 today.', 'Thanks.'],
  },
  {
    name: 'URL at sentence end',
    input: 'Visit www.example.org. It is free.',
    options: S,
    expected: ['Visit www.example.org.', 'It is free.'],
  },
  {
    name: 'e-mail',
    input: 'Mail john.doe@mail.example.com soon. Bye.',
    options: S,
    expected: ['Mail john.doe@mail.example.com soon.', 'Bye.'],
  },
  {
    name: 'e-mail at sentence end',
    input: 'Write to a.b@c.org. We reply.',
    options: S,
    expected: ['Write to a.b@c.org.', 'We reply.'],
  },
  {
    name: 'number with thousands separator',
    input: 'About 1,000.50 units sold. Good.',
    options: S,
    expected: ['About 1,000.50 units sold.', 'Good.'],
  },
  {
    name: 'year at sentence end',
    input: 'He was born in 1990. Then he grew.',
    options: S,
    expected: ['He was born in 1990.', 'Then he grew.'],
  },
  // Ellipses.
  {
    name: 'ellipsis inside a sentence',
    input: 'I think... maybe not. Ok.',
    options: S,
    expected: ['I think... maybe not.', 'Ok.'],
  },
  {
    name: 'ellipsis ends a sentence',
    input: 'Wait... What happened?',
    options: S,
    expected: ['Wait...', 'What happened?'],
  },
  {
    name: 'unicode ellipsis inside',
    input: 'Well… it depends. Sure.',
    options: S,
    expected: ['Well… it depends.', 'Sure.'],
  },
  {
    name: 'unicode ellipsis ends',
    input: 'And then… Silence fell.',
    options: S,
    expected: ['And then…', 'Silence fell.'],
  },
  {
    name: 'spaced ellipsis',
    input: 'So . . . we wait. Fine.',
    options: S,
    expected: ['So . . . we wait.', 'Fine.'],
  },
  { name: 'ellipsis then question', input: 'Hmm...? Yes.', options: S, expected: ['Hmm...?', 'Yes.'] },
  // Quotes and brackets after the terminator.
  {
    name: 'closing double quote',
    input: 'He said "Stop." Then he left.',
    options: S,
    expected: ['He said "Stop."', 'Then he left.'],
  },
  {
    name: 'closing curly quote',
    input: 'She said “Go.” We went.',
    options: S,
    expected: ['She said “Go.”', 'We went.'],
  },
  {
    name: 'closing single quote',
    input: "He said 'No!' We agreed.",
    options: S,
    expected: ["He said 'No!'", 'We agreed.'],
  },
  {
    name: 'closing parenthesis',
    input: '(This is aside.) Back to it.',
    options: S,
    expected: ['(This is aside.)', 'Back to it.'],
  },
  {
    name: 'quote then lowercase',
    input: '"Stop!" she shouted. Silence.',
    options: S,
    expected: ['"Stop!" she shouted.', 'Silence.'],
  },
  {
    name: 'next sentence opens a quote',
    input: 'He waited. "Who is there?" Nobody.',
    options: S,
    expected: ['He waited.', '"Who is there?"', 'Nobody.'],
  },
  {
    name: 'quote and bracket together',
    input: '(He said "Yes.") Then left.',
    options: S,
    expected: ['(He said "Yes.")', 'Then left.'],
  },
  {
    name: 'markdown bold after period',
    input: '**Note.** Read this.',
    options: S,
    expected: ['**Note.**', 'Read this.'],
  },
  // Numbered lists and line breaks.
  {
    name: 'numbered list with newlines',
    input: '1. First item\n2. Second item',
    options: S,
    expected: ['1. First item', '2. Second item'],
  },
  {
    name: 'numbered list after a colon',
    input: 'Steps: 1. Open it. 2. Close it.',
    options: S,
    expected: ['Steps: 1. Open it.', '2. Close it.'],
  },
  {
    name: 'numbered list after a heading line',
    input: 'Steps:\n1. Open the box.\n2. Take it out.',
    options: S,
    expected: ['Steps:', '1. Open the box.', '2. Take it out.'],
  },
  {
    name: 'bulleted list',
    input: 'Buy:\n- eggs\n- milk',
    options: S,
    expected: ['Buy:', '- eggs', '- milk'],
  },
  {
    name: 'roman numeral heading',
    input: 'IV. Results are in. Good.',
    options: S,
    expected: ['IV. Results are in.', 'Good.'],
  },
  {
    name: 'blank line ends a paragraph',
    input: 'First paragraph\n\nSecond paragraph',
    options: S,
    expected: ['First paragraph', 'Second paragraph'],
  },
  {
    name: 'single newline does not split',
    input: 'A line that\ncontinues here.',
    options: S,
    expected: ['A line that\ncontinues here.'],
  },
  {
    name: 'blank line after lowercase continuation',
    input: 'End etc.\n\nthen more',
    options: S,
    expected: ['End etc.', 'then more'],
  },
  {
    name: 'markdown heading line',
    input: 'Intro text\n# Title\nBody.',
    options: S,
    expected: ['Intro text', '# Title\nBody.'],
  },
  // Non-English.
  {
    name: 'CJK full stops',
    input: '你好。我很好！你呢？',
    options: S,
    expected: ['你好。', '我很好！', '你呢？'],
  },
  {
    // The quotation is part of the sentence its particle と continues (it was split before the language rules).
    name: 'Japanese with closing bracket',
    input: '彼は「行く。」と言った。はい。',
    options: S,
    expected: ['彼は「行く。」と言った。', 'はい。'],
  },
  {
    name: 'full-width decimal not split',
    input: '値は３．１４です。次。',
    options: S,
    expected: ['値は３．１４です。', '次。'],
  },
  {
    name: 'Spanish ¿ ¡',
    input: '¿Qué hora es? ¡Vamos ya! Bien.',
    options: S,
    expected: ['¿Qué hora es?', '¡Vamos ya!', 'Bien.'],
  },
  {
    name: 'Spanish lowercase attribution',
    input: '¿Vienes? dijo él. Sí.',
    options: S,
    expected: ['¿Vienes? dijo él.', 'Sí.'],
  },
  {
    name: 'German „…“ quotes',
    input: 'Er sagte: „Komm her.“ Dann ging er.',
    options: S,
    expected: ['Er sagte: „Komm her.“', 'Dann ging er.'],
  },
  {
    name: 'German »…« quotes',
    input: 'Sie rief: »Halt!« Dann Stille.',
    options: S,
    expected: ['Sie rief: »Halt!«', 'Dann Stille.'],
  },
  {
    name: 'French guillemets with spaces',
    input: 'Il dit « Arrête. » Puis il partit.',
    options: S,
    expected: ['Il dit « Arrête. »', 'Puis il partit.'],
  },
  {
    name: 'French spaced question mark',
    input: 'Quoi ? Non ! Bon.',
    options: S,
    expected: ['Quoi ?', 'Non !', 'Bon.'],
  },
  {
    name: 'Hindi danda',
    input: 'यह एक वाक्य है। यह दूसरा है।',
    options: S,
    expected: ['यह एक वाक्य है।', 'यह दूसरा है।'],
  },
  {
    name: 'Arabic question mark',
    input: 'هل أنت بخير؟ نعم، شكرا.',
    options: S,
    expected: ['هل أنت بخير؟', 'نعم، شكرا.'],
  },
  {
    name: 'Greek sentences',
    input: 'Καλημέρα. Τι κάνεις;',
    options: S,
    expected: ['Καλημέρα.', 'Τι κάνεις;'],
  },
  {
    name: 'Russian sentences',
    input: 'Привет. Как дела? Хорошо.',
    options: S,
    expected: ['Привет.', 'Как дела?', 'Хорошо.'],
  },
  { name: 'mixed CJK and Latin', input: 'OK。Next one.', options: S, expected: ['OK。', 'Next one.'] },
  {
    name: 'emoji survive',
    input: 'Great job 🎉. Next 👍!',
    options: S,
    expected: ['Great job 🎉.', 'Next 👍!'],
  },
];

const mergeCases: GoldenCase[] = [
  {
    name: 'sentences: short fragments merge forward (default 10)',
    input: 'Hi. Ok. This is a longer sentence. Yes. And another one here.',
    options: { mode: 'sentences' },
    expected: ['Hi. Ok. This is a longer sentence.', 'Yes. And another one here.'],
  },
  {
    name: 'sentences: a short last fragment stands alone',
    input: 'This is the first sentence. Bye.',
    options: { mode: 'sentences' },
    expected: ['This is the first sentence.', 'Bye.'],
  },
  {
    name: 'sentences: minChars 20',
    input: 'One two three. Four five six seven. Eight.',
    options: { mode: 'sentences', minChars: 20 },
    expected: ['One two three. Four five six seven.', 'Eight.'],
  },
  {
    name: 'sentences: exactly the minimum is enough',
    input: 'Abcdefghi. Next part.',
    options: { mode: 'sentences', minChars: 10 },
    expected: ['Abcdefghi.', 'Next part.'],
  },
  {
    name: 'sentences: long sentences are never cut',
    input:
      'This sentence is quite long indeed and has no end for a long while, it goes on and on and on and on and on. Short.',
    options: { mode: 'sentences' },
    expected: [
      'This sentence is quite long indeed and has no end for a long while, it goes on and on and on and on and on.',
      'Short.',
    ],
  },
  {
    name: 'whole: one segment',
    input: '  Hello there. How are you? Fine.  ',
    options: { mode: 'whole' },
    expected: ['Hello there. How are you? Fine.'],
  },
  { name: 'whole: empty', input: '   ', options: { mode: 'whole' }, expected: [] },
];

const segmentCases: GoldenCase[] = [
  {
    name: 'segments: sentences merge up to the minimum',
    input: 'Hi there. This is good. I like it a lot. And more text here.',
    options: { mode: 'segments' },
    expected: ['Hi there. This is good. I like it a lot.', 'And more text here.'],
  },
  {
    name: 'segments: long sentence splits at clause punctuation',
    input:
      'The quick brown fox jumps over the lazy dog, and then it runs far away into the forest where nobody can find it.',
    options: { mode: 'segments', preset: 'fast' },
    expected: [
      'The quick brown fox jumps over the lazy dog,',
      'and then it runs far away into the forest where',
      'nobody can find it.',
    ],
  },
  {
    name: 'segments: the last clause in the window wins',
    input: 'Apples, pears, plums, cherries, grapes; and also some bananas and oranges for later today.',
    options: { mode: 'segments', minChars: 10, maxChars: 45 },
    expected: [
      'Apples, pears, plums, cherries, grapes;',
      'and also some bananas and oranges for later',
      'today.',
    ],
  },
  {
    name: 'segments: word boundary when there is no clause',
    input: 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen',
    options: { mode: 'segments', minChars: 10, maxChars: 30 },
    expected: ['one two three four five six', 'seven eight nine ten eleven', 'twelve thirteen fourteen'],
  },
  {
    name: 'segments: em dash is a clause break',
    input: 'He paused for a long time—then he spoke about everything that had happened before.',
    options: { mode: 'segments', minChars: 20, maxChars: 50 },
    expected: ['He paused for a long time—', 'then he spoke about everything that had happened', 'before.'],
  },
  {
    name: 'segments: spaced en dash is a clause break',
    input: 'We waited in the rain all day long – nobody came to help us with the heavy boxes.',
    options: { mode: 'segments', minChars: 20, maxChars: 50 },
    expected: ['We waited in the rain all day long –', 'nobody came to help us with the heavy boxes.'],
  },
  {
    name: 'segments: number ranges and thousands do not break',
    input: 'Between 1990–2000 sales rose from 1,000 to 2,000,000 units per year in all regions.',
    options: { mode: 'segments', minChars: 10, maxChars: 40 },
    expected: ['Between 1990–2000 sales rose from 1,000', 'to 2,000,000 units per year in all', 'regions.'],
  },
  {
    name: 'segments: a word longer than the maximum is cut',
    input: 'Supercalifragilisticexpialidocious is long.',
    options: { mode: 'segments', minChars: 5, maxChars: 20 },
    expected: ['Supercalifragilistic', 'expialidocious is', 'long.'],
  },
  {
    name: 'segments: whitespace below the minimum beats cutting a word',
    input: 'A https://example.com/a/very/long/path/that/keeps/going',
    options: { mode: 'segments', minChars: 10, maxChars: 30 },
    expected: ['A', 'https://example.com/a/very/lon', 'g/path/that/keeps/going'],
  },
  {
    name: 'segments: a sentence end below the minimum beats cutting a word',
    input: 'Hi. Pneumonoultramicroscopicsilicovolcanoconiosis',
    options: { mode: 'segments', minChars: 10, maxChars: 30 },
    expected: ['Hi.', 'Pneumonoultramicroscopicsilico', 'volcanoconiosis'],
  },
  {
    name: 'segments: sentence end within range is preferred',
    input: 'This is a first sentence here. This second one is a bit longer than that.',
    options: { mode: 'segments', minChars: 20, maxChars: 50 },
    expected: ['This is a first sentence here.', 'This second one is a bit longer than that.'],
  },
  {
    name: 'segments: CJK clause comma',
    input: '今天天气很好，我们去公园散步吧，然后再去吃饭。',
    options: { mode: 'segments', minChars: 5, maxChars: 10 },
    expected: ['今天天气很好，', '我们去公园散步吧，', '然后再去吃饭。'],
  },
  {
    name: 'segments: last short sentence stands alone at close',
    input: 'This is a sentence long enough. Ok.',
    options: { mode: 'segments', minChars: 20, maxChars: 50 },
    expected: ['This is a sentence long enough.', 'Ok.'],
  },
  {
    name: 'segments: abbreviations do not split inside segments',
    input: 'Dr. Smith met Mr. Jones at 10 a.m. to discuss v1.2.3 of the app. They agreed on it.',
    options: { mode: 'segments', minChars: 20, maxChars: 100 },
    expected: ['Dr. Smith met Mr. Jones at 10 a.m. to discuss v1.2.3 of the app.', 'They agreed on it.'],
  },
  {
    name: 'segments: min equals max',
    input: 'aa bb cc dd ee ff gg',
    options: { mode: 'segments', minChars: 5, maxChars: 5 },
    expected: ['aa bb', 'cc dd', 'ee ff', 'gg'],
  },
];

export const GOLDEN_CASES: GoldenCase[] = [...sentenceCases, ...mergeCases, ...segmentCases];
