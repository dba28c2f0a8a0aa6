import type { Random } from './random.js';
import { ADJECTIVES, ADVERBS, NOUNS, TECHNOLOGIES, VERBS } from './words.js';

// Sentence shapes; {slots} are filled from the word lists, so the prose reads like a tech blog.
const SENTENCES = [
  'the {adj} {noun} {verbs} the {noun} {adv}',
  'we {verb} every {noun} before it reaches the {noun}',
  'most teams {verb} the {noun} long before they {verb} the {noun}',
  'if you {verb} the {noun}, the {noun} {verbs} {adv}',
  '{tech} {verbs} a {adj} {noun} with almost no ceremony',
  'this is why a {adj} {noun} should {verb} {adv}',
  'a {adj} {noun} is easier to {verb} than a {adj} {noun}',
  'in practice, the {noun} {verbs} {adv} when the {noun} is {adj}',
  'you can {verb} the {noun} without {verbing} the whole {noun}',
  '{verbing} the {noun} took us a week, and the {adj} {noun} paid for it',
  'nobody expected the {noun} to be this {adj}',
  'the trick is to {verb} the {noun} first and {verb} the {noun} later',
];

const TITLES = [
  'How to {Verb} {Tech} {Noun}s Without {Verbing} Your {Noun}',
  '{Count} Things I Learned {Verbing} {Tech}',
  'Why Your {Noun} Needs {Adj} {Noun}s',
  'A Practical Guide to {Adj} {Noun}s in {Tech}',
  'Understanding {Tech} {Noun}s',
  '{Verbing} {Noun}s at Scale With {Tech}',
  'The {Adj} Way to {Verb} a {Noun}',
  'From {Tech} to {Tech}: {Adj} {Noun}s Explained',
  'Stop {Verbing} {Noun}s: Try {Tech} Instead',
  'What Nobody Tells You About {Tech} {Noun}s',
  'We Replaced Our {Noun} With {Tech}. Here Is What Happened',
  '{Adj} {Noun}s Considered Harmful',
];

const CODE = [
  'const {noun} = await {noun}Service.{verb}({ id });\nif (!{noun}) throw new NotFoundException();',
  'SELECT id, created_at\n  FROM {noun}s\n WHERE {noun}_id = $1\n ORDER BY created_at DESC\n LIMIT 20;',
  'export function {verb}{Noun}(input: {Noun}): {Noun} {\n  return { ...input, {adj}: true };\n}',
];

// Title case must not turn "api" into "Api".
const ACRONYMS: Readonly<Record<string, string>> = { api: 'API' };
const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const capital = (word: string) => ACRONYMS[word] ?? upperFirst(word);

type Part = string | { slot: string; capital: boolean };

/** "the {adj} {noun}" -> ["the ", {adj}, " ", {noun}, ""]: split once, filled many times. */
const compile = (template: string): Part[] =>
  template
    .split(/\{(\w+)\}/)
    .map((piece, index) =>
      index % 2 === 0 ? piece : { slot: piece.toLowerCase(), capital: /^[A-Z]/.test(piece) },
    );

const compiled = new Map<string, Part[]>();

// "an index", "an unexpected", but "a user": a vowel letter that sounds like one.
const takesAn = (word: string) => /^([aeio]|u[^s])/i.test(word);
const endsWithA = (text: string) => /(^|\s)[Aa] $/.test(text);

/** Fills every {slot}; a capitalised slot name gives a capitalised word. */
function fill(random: Random, template: string): string {
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = compile(template)));
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const word = slotWord(random, part.slot);
    if (takesAn(word) && endsWithA(text)) text = `${text.slice(0, -1)}n `;
    text += part.capital ? capital(word) : word;
  }
  return text;
}

function slotWord(random: Random, slot: string): string {
  const verb = () => random.pick(VERBS);
  switch (slot) {
    case 'noun':
      return random.pick(NOUNS);
    case 'adj':
      return random.pick(ADJECTIVES);
    case 'adv':
      return random.pick(ADVERBS);
    case 'tech':
      return random.pick(TECHNOLOGIES);
    case 'verb':
      return verb()[0];
    case 'verbs':
      return verb()[1];
    case 'verbing':
      return verb()[2];
    default:
      return String(random.int(3, 12));
  }
}

export const sentence = (random: Random): string =>
  // upperFirst, not capital: looking a whole sentence up in ACRONYMS made V8 flatten and hash
  // it, half of the time spent generating an article.
  `${upperFirst(fill(random, random.pick(SENTENCES)))}.`;

export function sentences(random: Random, min: number, max: number): string {
  return Array.from({ length: random.int(min, max) }, () => sentence(random)).join(' ');
}

export const title = (random: Random): string => fill(random, random.pick(TITLES));

/** A Markdown article: an introduction, then sections with prose, lists or code. */
export function markdownBody(random: Random): string {
  const blocks = [sentences(random, 3, 5)];
  for (let section = random.int(2, 4); section > 0; section--) {
    blocks.push(`## ${fill(random, '{Adj} {Noun}s')}`, sentences(random, 3, 6));
    if (random.chance(0.3)) {
      blocks.push(
        Array.from({ length: random.int(3, 5) }, () => `- ${sentence(random)}`).join('\n'),
      );
    } else if (random.chance(0.25)) {
      blocks.push(`\`\`\`\n${fill(random, random.pick(CODE))}\n\`\`\``);
    }
    if (random.chance(0.5)) blocks.push(sentences(random, 2, 4));
  }
  return blocks.join('\n\n');
}
