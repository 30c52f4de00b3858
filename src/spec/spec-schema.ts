import { z } from 'zod';

/** Whether a regular expression source compiles as an ECMA-262 pattern with the `u` flag. */
function compilesAsRegExp(source: string): boolean {
  try {
    new RegExp(source, 'u');
    return true;
  } catch {
    return false;
  }
}

const regexSource = z
  .string()
  .min(1)
  .refine(compilesAsRegExp, { message: 'not a valid ECMA-262 regular expression (u flag)' });

/** The profiles an outcome belongs to: `documented` is exactly what the page says, `aws` adds what AWS services commonly answer. */
export const profileSchema = z.enum(['documented', 'aws']);

/** The kinds of thing in a WorkMail organization that an input member can name. */
export const referentKindSchema = z.enum(['organization', 'entity', 'personalAccessToken', 'mailboxPermission']);

/** One documented way of writing an identifier (a UUID, a resource ID, an email address...). */
export const identifierFormSchema = z
  .object({
    name: z.string().min(1).describe('A name for the form, unique within the member.'),
    pattern: regexSource.describe('A whole-value pattern every value of this form matches; generators build values from it.'),
    example: z.string().min(1).describe('An example printed by the documentation.'),
    highEntropy: z
      .boolean()
      .describe('Whether a random value of this form is assumed not to exist in any organization (IDs, not names).'),
  })
  .strict();

/** The constraints and meaning of one input member, in Smithy's vocabulary. */
export const memberSpecSchema = z
  .object({
    type: z.literal('string'),
    required: z.boolean(),
    length: z
      .object({ min: z.int().nonnegative(), max: z.int().positive() })
      .strict()
      .refine((length) => length.min <= length.max, { message: 'length.min is greater than length.max' })
      .describe('Smithy @length: bounds in Unicode code points, both inclusive.')
      .optional(),
    pattern: regexSource.describe('Smithy @pattern, exactly as the documentation prints it.').optional(),
    refersTo: referentKindSchema.describe('What the value names, so that an oracle can reason about state.').optional(),
    documentation: z.string(),
    forms: z.array(identifierFormSchema).min(1).describe('The identifier forms the documentation lists.').optional(),
  })
  .strict();

const conditionSchema = z.discriminatedUnion('condition', [
  z.object({ condition: z.literal('inputInvalid') }).strict(),
  z.object({ condition: z.literal('inputWrongType') }).strict(),
  z.object({ condition: z.literal('effectAbsent') }).strict(),
  z.object({ condition: z.literal('notFound'), referent: referentKindSchema }).strict(),
  z.object({ condition: z.literal('badState'), referent: referentKindSchema }).strict(),
  z
    .object({ condition: z.literal('state'), referent: referentKindSchema, states: z.array(z.string().min(1)).min(1) })
    .strict(),
]);

/** A documented error: its type, HTTP status and the condition that triggers it. */
export const errorSpecSchema = z
  .object({
    type: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'an error type is a bare shape name such as InvalidParameterException'),
    status: z.int().min(400).max(599),
    when: conditionSchema,
    documentation: z.string(),
  })
  .strict();

/** One acceptable answer: a success (no type) or an error of a type, with the profiles that accept it. */
export const outcomeSpecSchema = z
  .object({
    status: z.int().min(100).max(599),
    type: z.string().min(1).optional(),
    profiles: z.array(profileSchema).min(1),
  })
  .strict();

/** A point the documentation leaves open, recorded as the set of outcomes a conforming server may give. */
export const openPointSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'an open point id is kebab-case'),
    situation: z.string().min(1),
    when: conditionSchema,
    outcomes: z.array(outcomeSpecSchema).min(1),
    note: z.string().min(1),
  })
  .strict();

/** The machine-readable contract of one awsJson1_1 operation. */
export const operationSpecSchema = z
  .object({
    $schema: z.string().optional(),
    operation: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'an operation name is PascalCase'),
    service: z
      .object({
        name: z.string().min(1),
        sdkId: z.string().min(1),
        apiVersion: z.string().min(1),
        signingName: z.string().min(1),
        namespace: z.string().min(1),
      })
      .strict(),
    provenance: z
      .object({
        documentation: z.url(),
        documentationCopy: z.string().min(1).optional(),
        model: z.string().min(1),
        encoded: z.iso.date(),
      })
      .strict(),
    protocol: z
      .object({
        name: z.literal('awsJson1_1'),
        method: z.literal('POST'),
        path: z.literal('/'),
        contentType: z.literal('application/x-amz-json-1.1'),
        target: z.string().regex(/^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/, 'X-Amz-Target is Service.Operation'),
      })
      .strict(),
    input: z.record(z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'a member name is PascalCase'), memberSpecSchema),
    output: z
      .object({
        status: z.literal(200),
        body: z.literal('empty'),
        idempotent: z.boolean(),
      })
      .strict(),
    errors: z.array(errorSpecSchema).min(1),
    precedence: z
      .object({
        order: z.array(z.string().min(1)).describe('Members whose referents are looked up after validation, in order.'),
        note: z.string().min(1),
      })
      .strict(),
    referents: z
      .partialRecord(referentKindSchema, z.object({ goodStates: z.array(z.string().min(1)).min(1) }).strict())
      .describe('For each kind of referent the operation looks up, the states in which the operation proceeds.'),
    effect: z
      .object({
        action: z.literal('delete'),
        resource: referentKindSchema,
        keys: z.record(z.string(), z.string()).describe('Fields of the resource, each matched against the named input member.'),
        whenAbsent: z.string().min(1).describe('The id of the open point that says what deleting an absent resource gives.'),
      })
      .strict(),
    openPoints: z.array(openPointSchema),
  })
  .strict()
  .superRefine((spec, context) => {
    const members = Object.keys(spec.input);
    const check = (member: string, path: (string | number)[]) => {
      if (!members.includes(member)) {
        context.addIssue({ code: 'custom', path, message: `names '${member}', which is not an input member` });
      }
    };
    spec.precedence.order.forEach((member, index) => check(member, ['precedence', 'order', index]));
    for (const [field, member] of Object.entries(spec.effect.keys)) check(member, ['effect', 'keys', field]);
    if (!spec.openPoints.some((point) => point.id === spec.effect.whenAbsent)) {
      context.addIssue({
        code: 'custom',
        path: ['effect', 'whenAbsent'],
        message: `names open point '${spec.effect.whenAbsent}', which is not in openPoints`,
      });
    }
    const types = spec.errors.map((error) => error.type);
    types.forEach((type, index) => {
      if (types.indexOf(type) !== index) {
        context.addIssue({ code: 'custom', path: ['errors', index, 'type'], message: `error type '${type}' is listed twice` });
      }
    });
  });

/** An AWS error that is not part of an operation's own contract. */
export const sharedErrorSchema = z
  .object({
    type: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
    status: z.int().min(400).max(599),
    transient: z.boolean().describe('Whether a retry may succeed (throttling, internal failures).'),
    documentation: z.string(),
  })
  .strict();

/** AWS's common errors for the service, and the errors of the awsJson protocol itself. */
export const commonErrorsSchema = z
  .object({
    $schema: z.string().optional(),
    provenance: z.object({ documentation: z.url(), note: z.string(), encoded: z.iso.date() }).strict(),
    commonErrors: z.array(sharedErrorSchema),
    protocolErrors: z.array(sharedErrorSchema),
  })
  .strict();

export type Profile = z.infer<typeof profileSchema>;
export type ReferentKind = z.infer<typeof referentKindSchema>;
export type IdentifierForm = z.infer<typeof identifierFormSchema>;
export type MemberSpec = z.infer<typeof memberSpecSchema>;
export type ErrorSpec = z.infer<typeof errorSpecSchema>;
export type OutcomeSpec = z.infer<typeof outcomeSpecSchema>;
export type OpenPoint = z.infer<typeof openPointSchema>;
export type OperationSpec = z.infer<typeof operationSpecSchema>;
export type SharedError = z.infer<typeof sharedErrorSchema>;
export type CommonErrors = z.infer<typeof commonErrorsSchema>;
