import { GraphQLError, type ValidationRule } from 'graphql';
import type { preExecutionHookHandler } from 'mercurius';
import { containsUnstorableText, invalidCharacters } from '../../validation/text-input.js';

const MESSAGE = 'A string argument contains a NUL character, which this API does not accept.';

/**
 * String literals in the document: GraphQL's parser refuses unpaired surrogates, but `"\u0000"`
 * parses to a NUL, which no Postgres text value can hold. Runs with the cached validation.
 */
export const storableTextRule: ValidationRule = (context) => ({
  StringValue(node) {
    if (!node.value.includes('\0')) return;
    context.reportError(
      new GraphQLError(MESSAGE, {
        nodes: node,
        extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CHARACTERS' },
      }),
    );
  },
});

/**
 * Variables, per request. A POST body was checked when it was parsed; GET variables arrive as
 * JSON inside the query string, which only Mercurius parses.
 */
export const storableVariablesHook: preExecutionHookHandler = (
  _schema,
  _document,
  _context,
  variables,
) => {
  if (containsUnstorableText(variables)) throw invalidCharacters('A variable');
};
