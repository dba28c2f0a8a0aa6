import { describe, expect, it } from '@jest/globals';
import {
  parse,
  type FieldNode,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
} from 'graphql';
import { selectsField } from './selects-field.js';

const infoFor = (query: string) => {
  const operation = parse(query).definitions[0] as OperationDefinitionNode;
  const field = operation.selectionSet.selections[0] as FieldNode;
  return { fieldNodes: [field] } as unknown as GraphQLResolveInfo;
};

describe('selectsField', () => {
  it('finds a nested field', () => {
    expect(
      selectsField(infoFor('{ articles { articles { slug body } } }'), ['articles', 'body']),
    ).toBe(true);
  });

  it('says no when the field is not selected', () => {
    expect(
      selectsField(infoFor('{ articles { articlesCount articles { slug } } }'), [
        'articles',
        'body',
      ]),
    ).toBe(false);
  });

  it('assumes yes behind a fragment, so nothing is ever missing', () => {
    expect(selectsField(infoFor('{ articles { articles { ...F } } }'), ['articles', 'body'])).toBe(
      true,
    );
  });
});
