import { GraphQLError, OperationTypeNode, type ValidationRule } from 'graphql';

/**
 * Over HTTP a subscription would run its resolver as a plain field and fail: refuse it with 400
 * and say where subscriptions are served. Not used for WebSocket documents.
 */
export const noSubscriptionOverHttpRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== OperationTypeNode.SUBSCRIPTION) return;
    context.reportError(
      new GraphQLError(
        'Subscriptions are served over WebSocket (graphql-ws) at this path, not over HTTP.',
        { nodes: node, extensions: { code: 'BAD_USER_INPUT', reason: 'SUBSCRIPTION_OVER_HTTP' } },
      ),
    );
  },
});
