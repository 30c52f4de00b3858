import type { MockOperationSemantics } from '../mock-operation.ts';

/**
 * ListPersonalAccessTokens: the organization's tokens, or one user's when UserId is given, as `PersonalAccessTokenSummaries`.
 *
 * @example
 * listPersonalAccessTokens.apply(request); // { PersonalAccessTokenSummaries: [{ PersonalAccessTokenId: '…', UserId: '…', Name: 'alice-laptop' }] }
 */
export const listPersonalAccessTokens: MockOperationSemantics = {
  operation: 'ListPersonalAccessTokens',
  apply(request) {
    const tokens = request.state.listPersonalAccessTokens(request.organization.id, request.entity('UserId')?.id);
    return {
      PersonalAccessTokenSummaries: tokens.map((token) => ({
        PersonalAccessTokenId: token.id,
        UserId: token.userId,
        ...(token.name === undefined ? {} : { Name: token.name }),
      })),
    };
  },
};
