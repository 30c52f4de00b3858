import type { MockOperationSemantics } from '../mock-operation.ts';

/**
 * DeletePersonalAccessToken: removes the token with this exact ID; an absent token is already deleted (idempotent 200).
 *
 * @example
 * deletePersonalAccessToken.apply(request); // undefined: 200 with an empty body
 */
export const deletePersonalAccessToken: MockOperationSemantics = {
  operation: 'DeletePersonalAccessToken',
  apply(request) {
    request.state.deletePersonalAccessToken(request.organization.id, String(request.input['PersonalAccessTokenId']));
    return undefined;
  },
};
