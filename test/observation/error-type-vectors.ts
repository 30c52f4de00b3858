/**
 * Error responses and what each client reads from them, as this project's own test data.
 *
 * Provenance. `smithy:` rows restate the awsJson1_1 error vectors of Smithy's protocol tests
 * (smithy-lang/smithy, smithy-aws-protocol-tests/model/awsJson1_1/errors.smithy, `@httpResponseTests` of
 * InvalidGreeting, ComplexError and FooError); `botocore:` rows restate the json and json_1_0-query-compatible output
 * vectors of botocore (boto/botocore, tests/unit/protocols/output/json.json and json_1_0-query-compatible.json, as of
 * botocore 1.43). Smithy expects every FooError vector to read `FooError`; botocore lists the six header and `code`
 * vectors in its own protocol-tests-ignore-list.json, because its `_do_error_parse` reads only `__type`: the
 * `botocore` column gives what botocore really reads (the status), which the cross-check against the installed
 * botocore confirms. `own:` rows are this project's cases where the clients part ways. The `jsSdk` column is what
 * the AWS SDK for JavaScript as installed reads (`loadJsonRpcErrorCode` in @smithy/core/protocols, a service that is
 * not query-compatible), which the cross-check against the installed SDK confirms.
 */

/** What one client reads: a type, no type (the stand-in it shows), or an error of its own. */
export type ExpectedReading = { readonly type: string } | { readonly none: string } | { readonly crash: true };

export interface ErrorTypeVector {
  readonly id: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly jsSdk: ExpectedReading;
  readonly botocore: ExpectedReading;
  /** Whether the places carrying a type name different types (errorResponseShape fails the answer). */
  readonly placesDisagree: boolean;
}

const json11 = { 'Content-Type': 'application/x-amz-json-1.1' };
const json10 = { 'Content-Type': 'application/x-amz-json-1.0' };
const coral = ':http://internal.amazon.com/coral/com.amazon.coral.validate/';
const foo = { type: 'FooError' };

export const errorTypeVectors: readonly ErrorTypeVector[] = [
  // Smithy awsJson1_1 (botocore's json.json carries the same vectors, with the restjson namespace in some).
  { id: 'smithy:AwsJson11InvalidGreetingError', status: 400, headers: json11, body: '{"__type": "InvalidGreeting", "Message": "Hi"}', jsSdk: { type: 'InvalidGreeting' }, botocore: { type: 'InvalidGreeting' }, placesDisagree: false },
  { id: 'smithy:AwsJson11ComplexError', status: 400, headers: json11, body: '{"__type": "ComplexError", "TopLevel": "Top level", "Nested": {"Foo": "bar"}}', jsSdk: { type: 'ComplexError' }, botocore: { type: 'ComplexError' }, placesDisagree: false },
  { id: 'smithy:AwsJson11EmptyComplexError', status: 400, headers: json11, body: '{"__type": "ComplexError"}', jsSdk: { type: 'ComplexError' }, botocore: { type: 'ComplexError' }, placesDisagree: false },
  { id: 'smithy:AwsJson11FooErrorUsingXAmznErrorType', status: 500, headers: { 'X-Amzn-Errortype': 'FooError' }, body: '', jsSdk: foo, botocore: { none: '500' }, placesDisagree: false },
  { id: 'smithy:AwsJson11FooErrorUsingXAmznErrorTypeWithUri', status: 500, headers: { 'X-Amzn-Errortype': `FooError${coral}` }, body: '', jsSdk: foo, botocore: { none: '500' }, placesDisagree: false },
  { id: 'smithy:AwsJson11FooErrorUsingXAmznErrorTypeWithUriAndNamespace', status: 500, headers: { 'X-Amzn-Errortype': `aws.protocoltests.json#FooError${coral}` }, body: '', jsSdk: foo, botocore: { none: '500' }, placesDisagree: false },
  { id: 'smithy:AwsJson11FooErrorUsingCode', status: 500, headers: json11, body: '{"code": "FooError"}', jsSdk: foo, botocore: { none: '500' }, placesDisagree: false },
  { id: 'smithy:AwsJson11FooErrorUsingCodeAndNamespace', status: 500, headers: json11, body: '{"code": "aws.protocoltests.json#FooError"}', jsSdk: foo, botocore: { none: '500' }, placesDisagree: false },
  { id: 'smithy:AwsJson11FooErrorUsingCodeUriAndNamespace', status: 500, headers: json11, body: `{"code": "aws.protocoltests.json#FooError${coral}"}`, jsSdk: foo, botocore: { none: '500' }, placesDisagree: false },
  { id: 'smithy:AwsJson11FooErrorWithDunderType', status: 500, headers: json11, body: '{"__type": "FooError"}', jsSdk: foo, botocore: foo, placesDisagree: false },
  { id: 'smithy:AwsJson11FooErrorWithDunderTypeAndNamespace', status: 500, headers: json11, body: '{"__type": "aws.protocoltests.json#FooError"}', jsSdk: foo, botocore: foo, placesDisagree: false },
  { id: 'smithy:AwsJson11FooErrorWithDunderTypeUriAndNamespace', status: 500, headers: json11, body: `{"__type": "aws.protocoltests.json#FooError${coral}"}`, jsSdk: foo, botocore: foo, placesDisagree: false },
  { id: 'smithy:AwsJson11FooErrorWithNestedTypeProperty', status: 500, headers: json11, body: '{"__type": "aws.protocoltests.json#FooError", "ErrorDetails": [{"__type": "com.amazon.internal#ErrorDetails", "reason": "Some reason"}]}', jsSdk: foo, botocore: foo, placesDisagree: false },
  // botocore json_1_0 and query-compatible vectors.
  { id: 'botocore:AwsJson10InvalidGreetingError', status: 400, headers: json10, body: '{"__type": "aws.protocoltests.json10#InvalidGreeting", "Message": "Hi"}', jsSdk: { type: 'InvalidGreeting' }, botocore: { type: 'InvalidGreeting' }, placesDisagree: false },
  { id: 'botocore:QueryCompatibleAwsJson10NoCustomCodeError', status: 400, headers: json10, body: '{"__type": "aws.protocoltests.json10#NoCustomCodeError", "message": "Hi"}', jsSdk: { type: 'NoCustomCodeError' }, botocore: { type: 'NoCustomCodeError' }, placesDisagree: false },
  { id: 'botocore:QueryCompatibleAwsJson10CustomCodeError', status: 400, headers: { ...json10, 'x-amzn-query-error': 'Customized;Sender' }, body: '{"__type": "aws.protocoltests.json10#CustomCodeError", "message": "Hi"}', jsSdk: { type: 'CustomCodeError' }, botocore: { type: 'Customized' }, placesDisagree: true },
  // This project's own: where the JS SDK and botocore part ways, or the places disagree.
  { id: 'own:several # keep the second part (JS) or the last (botocore)', status: 400, headers: json11, body: '{"__type": "com.amazonaws#workmail#EntityNotFoundException"}', jsSdk: { type: 'workmail' }, botocore: { type: 'EntityNotFoundException' }, placesDisagree: false },
  { id: 'own:a comma cuts the JS SDK type, not botocore', status: 400, headers: json11, body: '{"__type": "EntityNotFoundException,Sender"}', jsSdk: { type: 'EntityNotFoundException' }, botocore: { type: 'EntityNotFoundException,Sender' }, placesDisagree: false },
  { id: 'own:surrounding whitespace is kept by both', status: 400, headers: json11, body: '{"__type": " EntityNotFoundException "}', jsSdk: { type: ' EntityNotFoundException ' }, botocore: { type: ' EntityNotFoundException ' }, placesDisagree: false },
  { id: 'own:header and __type disagree', status: 400, headers: { ...json11, 'X-Amzn-ErrorType': 'EntityStateException' }, body: '{"__type": "EntityNotFoundException", "Message": "x"}', jsSdk: { type: 'EntityNotFoundException' }, botocore: { type: 'EntityNotFoundException' }, placesDisagree: true },
  { id: 'own:code and __type disagree', status: 400, headers: json11, body: '{"code": "ValidationException", "__type": "InvalidParameterException"}', jsSdk: { type: 'InvalidParameterException' }, botocore: { type: 'InvalidParameterException' }, placesDisagree: true },
  { id: 'own:header and __type agree once normalised', status: 400, headers: { ...json11, 'X-Amzn-ErrorType': 'EntityNotFoundException:http://internal.amazon.com/coral/com.amazonaws.workmail/' }, body: '{"__type": "com.amazonaws.workmail#EntityNotFoundException"}', jsSdk: { type: 'EntityNotFoundException' }, botocore: { type: 'EntityNotFoundException' }, placesDisagree: false },
  { id: 'own:Code in upper case is read by the JS SDK only', status: 400, headers: json11, body: '{"Code": "EntityNotFoundException"}', jsSdk: { type: 'EntityNotFoundException' }, botocore: { none: '400' }, placesDisagree: false },
  { id: 'own:a query-error header with three parts is ignored', status: 400, headers: { ...json11, 'x-amzn-query-error': 'A;B;C' }, body: '{"__type": "EntityNotFoundException"}', jsSdk: { type: 'EntityNotFoundException' }, botocore: { type: 'EntityNotFoundException' }, placesDisagree: false },
  { id: 'own:a query-error header without a code is ignored', status: 400, headers: { ...json11, 'x-amzn-query-error': ';Sender' }, body: '{"__type": "EntityNotFoundException"}', jsSdk: { type: 'EntityNotFoundException' }, botocore: { type: 'EntityNotFoundException' }, placesDisagree: false },
  { id: 'own:__type null beside a header', status: 400, headers: { ...json11, 'X-Amzn-ErrorType': 'EntityNotFoundException' }, body: '{"__type": null}', jsSdk: { crash: true }, botocore: { none: '' }, placesDisagree: false },
  { id: 'own:a numeric __type', status: 400, headers: json11, body: '{"__type": 42}', jsSdk: { type: '42' }, botocore: { crash: true }, placesDisagree: false },
  { id: 'own:header only, 400, empty body', status: 400, headers: { 'X-Amzn-ErrorType': 'EntityNotFoundException' }, body: '', jsSdk: { type: 'EntityNotFoundException' }, botocore: { none: '400' }, placesDisagree: false },
  { id: 'own:an HTML 503', status: 503, headers: { 'Content-Type': 'text/html' }, body: '<html><body>Service Unavailable</body></html>', jsSdk: { crash: true }, botocore: { none: '503' }, placesDisagree: false },
  { id: 'own:a 400 whose body is not JSON', status: 400, headers: { 'Content-Type': 'text/plain' }, body: 'oops', jsSdk: { crash: true }, botocore: { none: '400' }, placesDisagree: false },
  { id: 'own:a JSON array body beside a header', status: 400, headers: { ...json11, 'X-Amzn-ErrorType': 'EntityNotFoundException' }, body: '[]', jsSdk: { type: 'EntityNotFoundException' }, botocore: { crash: true }, placesDisagree: false },
  { id: 'own:no type anywhere', status: 400, headers: json11, body: '{"Message": "x"}', jsSdk: { none: 'Unknown' }, botocore: { none: '400' }, placesDisagree: false },
];
