// The languages the highlighter knows: a few common ones built into its chunk, the rest fetched (each its own small
// chunk) the first time a code block names them, by name or alias.
import type { LanguageFn } from 'highlight.js';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import shell from 'highlight.js/lib/languages/shell';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

/** What an assistant's answers mostly hold: shell, the web's languages, Python, config and diffs. */
export const BUILT_IN_LANGUAGES: Record<string, LanguageFn> = { bash, css, diff, javascript, json, markdown, python, shell, typescript, xml, yaml };

type LanguageModule = Promise<{ default: LanguageFn }>;

/** The rest of highlight.js's common set, and a few more an assistant meets, loaded on demand. */
export const ON_DEMAND_LANGUAGES: Record<string, () => LanguageModule> = {
  c: () => import('highlight.js/lib/languages/c'),
  cpp: () => import('highlight.js/lib/languages/cpp'),
  csharp: () => import('highlight.js/lib/languages/csharp'),
  dart: () => import('highlight.js/lib/languages/dart'),
  dockerfile: () => import('highlight.js/lib/languages/dockerfile'),
  elixir: () => import('highlight.js/lib/languages/elixir'),
  go: () => import('highlight.js/lib/languages/go'),
  graphql: () => import('highlight.js/lib/languages/graphql'),
  haskell: () => import('highlight.js/lib/languages/haskell'),
  ini: () => import('highlight.js/lib/languages/ini'),
  java: () => import('highlight.js/lib/languages/java'),
  kotlin: () => import('highlight.js/lib/languages/kotlin'),
  less: () => import('highlight.js/lib/languages/less'),
  lua: () => import('highlight.js/lib/languages/lua'),
  makefile: () => import('highlight.js/lib/languages/makefile'),
  nginx: () => import('highlight.js/lib/languages/nginx'),
  objectivec: () => import('highlight.js/lib/languages/objectivec'),
  perl: () => import('highlight.js/lib/languages/perl'),
  php: () => import('highlight.js/lib/languages/php'),
  powershell: () => import('highlight.js/lib/languages/powershell'),
  protobuf: () => import('highlight.js/lib/languages/protobuf'),
  r: () => import('highlight.js/lib/languages/r'),
  ruby: () => import('highlight.js/lib/languages/ruby'),
  rust: () => import('highlight.js/lib/languages/rust'),
  scala: () => import('highlight.js/lib/languages/scala'),
  scss: () => import('highlight.js/lib/languages/scss'),
  sql: () => import('highlight.js/lib/languages/sql'),
  swift: () => import('highlight.js/lib/languages/swift'),
  vbnet: () => import('highlight.js/lib/languages/vbnet'),
  wasm: () => import('highlight.js/lib/languages/wasm'),
};

/** Aliases of the on-demand languages (the built-in ones' aliases come with their grammars). */
const ON_DEMAND_ALIASES: Record<string, string> = {
  h: 'c',
  cc: 'cpp',
  'c++': 'cpp',
  hpp: 'cpp',
  cxx: 'cpp',
  cs: 'csharp',
  'c#': 'csharp',
  docker: 'dockerfile',
  ex: 'elixir',
  exs: 'elixir',
  golang: 'go',
  gql: 'graphql',
  hs: 'haskell',
  toml: 'ini',
  kt: 'kotlin',
  kts: 'kotlin',
  mk: 'makefile',
  make: 'makefile',
  objc: 'objectivec',
  pl: 'perl',
  pwsh: 'powershell',
  ps1: 'powershell',
  proto: 'protobuf',
  rb: 'ruby',
  rs: 'rust',
  vb: 'vbnet',
};

/** The on-demand grammar a code block's language names (by name or alias), if there is one. */
export function onDemandLanguage(language: string): string | undefined {
  const name = language.toLowerCase();
  if (name in ON_DEMAND_LANGUAGES) return name;
  return ON_DEMAND_ALIASES[name];
}
