import type { ValidationRule } from 'graphql';
import type { GraphqlLimitsConfig } from '../../../config/app-config.js';
import { aliasCountRule } from './alias-count.rule.js';
import { batchSizeHook } from './batch-size.hook.js';
import { documentSizeHook } from './document-size.hook.js';
import { queryCostHook } from './query-cost.hook.js';
import { queryDepthRule } from './query-depth.rule.js';

/** Limits that depend on the document only, so they run with Mercurius's cached validation. */
export const graphqlLimitRules = (limits: GraphqlLimitsConfig): ValidationRule[] => [
  queryDepthRule(limits.maxDepth),
  aliasCountRule(limits.maxAliases),
];

/** Limits checked per request: the document's size before parsing, its cost with variables. */
export const graphqlLimitHooks = (limits: GraphqlLimitsConfig) => ({
  preParsing: documentSizeHook(limits.maxDocumentBytes),
  preExecution: queryCostHook(limits.maxCost),
});

/** Options for the GraphQL routes themselves: the length of a batch, before anything runs. */
export const graphqlLimitRouteOptions = (limits: GraphqlLimitsConfig) => ({
  preValidation: batchSizeHook(limits.maxBatch),
});
