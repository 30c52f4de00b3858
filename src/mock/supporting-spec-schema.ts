import { z } from 'zod';
import { errorSpecSchema, lookupReferentSchema, memberSpecSchema } from '../spec/spec-schema.ts';

const boundsSchema = z
  .object({ min: z.int().nonnegative(), max: z.int().positive() })
  .strict()
  .refine((bounds) => bounds.min <= bounds.max, { message: 'min is greater than max' });

/** An integer member (Smithy @range), such as MaxResults. */
export const integerMemberSpecSchema = z
  .object({
    type: z.literal('integer'),
    required: z.boolean(),
    range: boundsSchema.describe('Smithy @range: both bounds inclusive.').optional(),
    documentation: z.string(),
  })
  .strict();

/** A list member whose items are enum strings (Smithy list of an enum), such as PermissionValues. */
export const listMemberSpecSchema = z
  .object({
    type: z.literal('list'),
    required: z.boolean(),
    length: boundsSchema.describe('Smithy @length of the list: number of items.').optional(),
    member: z.object({ enum: z.array(z.string().min(1)).min(1) }).strict(),
    documentation: z.string(),
  })
  .strict();

/** One input member of a supporting operation: a string member exactly as in operation specs, an integer or an enum list. */
export const supportingMemberSpecSchema = z.discriminatedUnion('type', [memberSpecSchema, integerMemberSpecSchema, listMemberSpecSchema]);

/** Smithy @paginated, plus what the mock needs to page: the default page size and the error for a token it never issued. */
export const paginationSpecSchema = z
  .object({
    inputToken: z.string().min(1),
    outputToken: z.string().min(1),
    pageSize: z.string().min(1),
    items: z.string().min(1),
    defaultPageSize: z.int().positive(),
    invalidTokenError: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
  })
  .strict();

/** A WorkMail operation the mock offers for setting up and inspecting state, with its constraints from the official model. */
export const supportingOperationSpecSchema = z
  .object({
    operation: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'an operation name is PascalCase'),
    target: z.string().regex(/^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/, 'X-Amz-Target is Service.Operation'),
    documentation: z.url(),
    input: z.record(z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'a member name is PascalCase'), supportingMemberSpecSchema),
    errors: z.array(errorSpecSchema).min(1).describe('The errors the model lists for the operation.'),
    precedence: z.object({ order: z.array(z.string().min(1)) }).strict().describe('Members whose referents are looked up after validation, in order.'),
    referents: z
      .partialRecord(lookupReferentSchema, z.object({ goodStates: z.array(z.string().min(1)).min(1) }).strict())
      .describe('Kinds of referent whose state is checked; a referent kind not listed is only checked to exist.'),
    pagination: paginationSpecSchema.optional(),
  })
  .strict()
  .superRefine((spec, context) => {
    const members = Object.keys(spec.input);
    const check = (member: string, path: (string | number)[]) => {
      if (!members.includes(member)) context.addIssue({ code: 'custom', path, message: `names '${member}', which is not an input member` });
    };
    spec.precedence.order.forEach((member, index) => check(member, ['precedence', 'order', index]));
    if (spec.pagination !== undefined) {
      check(spec.pagination.inputToken, ['pagination', 'inputToken']);
      check(spec.pagination.pageSize, ['pagination', 'pageSize']);
    }
  });

/** The file specs/supporting-operations.json. */
export const supportingOperationsFileSchema = z
  .object({
    $schema: z.string().optional(),
    provenance: z.object({ model: z.string().min(1), note: z.string().min(1), encoded: z.iso.date() }).strict(),
    operations: z.array(supportingOperationSpecSchema).min(1),
  })
  .strict();

export type IntegerMemberSpec = z.infer<typeof integerMemberSpecSchema>;
export type ListMemberSpec = z.infer<typeof listMemberSpecSchema>;
export type SupportingMemberSpec = z.infer<typeof supportingMemberSpecSchema>;
export type PaginationSpec = z.infer<typeof paginationSpecSchema>;
export type SupportingOperationSpec = z.infer<typeof supportingOperationSpecSchema>;
export type SupportingOperationsFile = z.infer<typeof supportingOperationsFileSchema>;
