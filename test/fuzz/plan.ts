import type { World } from './fixtures.js';
import type { FuzzRequest } from './fuzz-request.js';
import { type GraphqlField, graphqlRequest, readGraphqlFields } from './graphql-requests.js';
import { type Operation, readOperations } from './openapi-operations.js';
import { Random } from './random.js';
import { rawRequest, unknownRoute } from './raw-requests.js';
import { restRequest } from './rest-requests.js';

/** Something the plan sends requests to: an operation, a GraphQL field, or one of the extras. */
export type Target =
  | { kind: 'rest'; name: string; operation: Operation }
  | { kind: 'graphql'; name: string; field: GraphqlField }
  | { kind: 'raw' | 'route'; name: string };

/** Every REST operation in openapi.json and every root field in schema.graphql, plus extras. */
export function allTargets(): Target[] {
  return [
    ...readOperations().map((operation) => ({
      kind: 'rest' as const,
      name: operation.id,
      operation,
    })),
    ...readGraphqlFields().map((field) => ({
      kind: 'graphql' as const,
      name: `graphql:${field.field.name}`,
      field,
    })),
    { kind: 'raw', name: 'raw' },
    { kind: 'route', name: 'route:unknown' },
  ];
}

/**
 * The run's requests, in order: each round visits every target once, in an order the seed
 * shuffles, so every operation gets its share. Request n depends on the seed, n and the
 * fixtures only, never on answers.
 */
export function* plan(
  seed: number,
  targets: Target[],
  world: World,
  forged: Record<string, string>,
  host: string,
): Generator<[Target, FuzzRequest]> {
  const order = new Random(seed);
  for (let index = 0; ;) {
    const round = [...targets];
    for (let i = round.length - 1; i > 0; i--) {
      const j = order.int(0, i);
      [round[i], round[j]] = [round[j], round[i]];
    }
    for (const target of round) {
      const random = new Random(seed).fork(`request-${index++}`);
      yield [target, requestFor(target, world, forged, host, random)];
    }
  }
}

function requestFor(
  target: Target,
  world: World,
  forged: Record<string, string>,
  host: string,
  random: Random,
): FuzzRequest {
  switch (target.kind) {
    case 'rest':
      return restRequest(target.operation, { world, forged }, random);
    case 'graphql':
      return graphqlRequest(target.field, world, forged, random);
    case 'raw':
      return rawRequest(random, host);
    case 'route':
      return unknownRoute(random);
  }
}
