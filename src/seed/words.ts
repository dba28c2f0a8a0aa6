// Vocabulary for the text generator: space-separated so the lists stay readable and short.
const list = (words: string): readonly string[] => words.trim().split(/\s+/);

export const NOUNS = list(`
  api app architecture backlog benchmark boundary branch browser bug build cache change client
  cluster codebase component config container contract cursor dashboard database deadline
  decision default dependency deploy design endpoint error event feature flag framework function
  handler hook incident index interface job key latency layer library log machine metric
  migration model module monolith network outage package page parser pattern pipeline platform
  policy pool process profile project prototype query queue release request resolver response
  retry review rollback route runtime schema script secret server service session snapshot stack
  state store stream system table team test thread timeout token tool trace transaction type
  user value version view worker workflow
`);

export const ADJECTIVES = list(`
  async boring brittle careful cheap clean clever complex concurrent consistent costly critical
  declarative distributed durable elegant empty expensive explicit fast flaky fragile generic
  hidden honest idle immutable implicit incremental internal large lazy legacy lightweight
  local modern mutable naive noisy obvious old optimistic painful pragmatic predictable private
  public quiet readable reliable remote resilient robust safe serverless simple slow small stable
  stale strict subtle tiny typed unexpected useful verbose
`);

export const ADVERBS = list(`
  quickly quietly safely rarely often eventually carefully gradually explicitly reliably
  predictably surprisingly twice automatically lazily
`);

// Base form, third person singular, gerund: irregular spellings make generating them risky.
export const VERBS: ReadonlyArray<readonly [string, string, string]> = list(`
  build:builds:building cache:caches:caching debug:debugs:debugging deploy:deploys:deploying
  design:designs:designing document:documents:documenting measure:measures:measuring
  migrate:migrates:migrating monitor:monitors:monitoring name:names:naming
  optimize:optimizes:optimizing profile:profiles:profiling refactor:refactors:refactoring
  replace:replaces:replacing review:reviews:reviewing scale:scales:scaling ship:ships:shipping
  simplify:simplifies:simplifying split:splits:splitting test:tests:testing trace:traces:tracing
  type:types:typing validate:validates:validating version:versions:versioning
  rewrite:rewrites:rewriting batch:batches:batching index:indexes:indexing
`).map((forms) => forms.split(':') as [string, string, string]);

export const TECHNOLOGIES = list(`
  React Postgres Node.js TypeScript Rust Go Kubernetes Redis GraphQL Docker Vue Svelte Python
  Kafka Terraform NestJS Fastify Deno WebAssembly Elixir SQLite Linux Nginx Java Kotlin Swift
  Angular Tailwind Prisma TypeORM Vite Bun OpenTelemetry
`);

export const TAG_NAMES = list(`
  javascript webdev programming typescript react beginners tutorial node python devops career
  productivity css discuss opensource database postgres testing security performance rust go
  architecture docker kubernetes aws cloud frontend backend api graphql linux git vue svelte
  nestjs redis sql design accessibility mobile ai machinelearning microservices serverless
  observability algorithms webassembly elixir showdev gamedev
`);

export const FIRST_NAMES = list(`
  Emma Noah Olivia Liam Ava Lucas Mia Ethan Sofia Mateo Chloé José Zoë Søren Łukasz Björn Aiko
  Priya Wei Olusegun Fatima Mehmet Ana Ines Raúl Amélie Yuki Kofi Nadia Omar Leila Hiroshi Mei
  Ingrid Tomás Anaïs Dmitri Svetlana Aarav Ananya Chen Jae Minh Thandiwe Kwame Elif Matteo Giulia
  Lars Astrid Pedro Camila Diego Valentina Samuel Grace Daniel Hannah Oscar Freya Jonas Lena
`);

export const LAST_NAMES = list(`
  Smith Garcia Müller Rossi Kowalski Nguyen Kim Tanaka Singh Okafor Silva Martin Dubois Jensen
  Novak Haddad Cohen Ivanova Yılmaz Andersson Fernández López Schmidt Costa Murphy Mensah Chen
  Sato Patel Ahmed Hansen Moreau Bianchi Nowak Popescu Horváth Larsen Santos Ali Wang Park
  Brown Wilson Taylor Clarke Walker Young Reyes Ortiz Lindqvist Bergström
`);

export const EMAIL_DOMAINS = list('example.com example.org example.net');

// Unicode letters NFD does not split into base letter plus mark.
export const ASCII_FOLDS: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  ß: 'ss',
  ı: 'i',
  æ: 'ae',
  œ: 'oe',
};
