import { z } from 'zod';
import { matchesPattern, violatedConstraints } from './constraints.ts';
import { readingName } from './reading-name.ts';

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

/** The referents an operation looks up before its effect (exists, then state): a closed set the model switches on. */
export const lookupReferentSchema = z.enum(['organization', 'entity']);

/**
 * What an input member can name: a looked-up referent (`organization`, `entity`), or the resource kind the operation's
 * effect deletes (declared by the spec's `resourceKind`, e.g. `personalAccessToken`).
 */
export const referentKindSchema = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'a referent or resource kind is camelCase');

/** The fields of an entity an identifier can name it by. */
export const entityFieldSchema = z.enum(['id', 'name', 'email']);

/** One documented way of writing an identifier (a UUID, a resource ID, an email address...). */
export const identifierFormSchema = z
  .object({
    name: z.string().min(1).describe('A name for the form, unique within the member.'),
    pattern: regexSource.describe('A whole-value pattern every value of this form matches; generators build values from it.'),
    example: z
      .string()
      .min(1)
      .optional()
      .describe('An example the documentation prints, where it prints one (a mock may well hold it, so it is never taken to name nothing).'),
    highEntropy: z
      .boolean()
      .describe('Whether a random value of this form is assumed not to exist in any organization (IDs, not names).'),
  })
  .strict()
  // An example the form's own pattern refuses is a typo in one or the other: the kit would call it valid input of the form.
  .refine((form) => form.example === undefined || matchesOrInvalid(form.example, form.pattern), { message: "example does not match the form's pattern", path: ['example'] });

/** Whether a value matches a pattern as a whole; true for an invalid pattern, which is reported where it is given. */
function matchesOrInvalid(value: string, pattern: string): boolean {
  try {
    return matchesPattern(value, pattern);
  } catch {
    return true;
  }
}

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
  z.object({ condition: z.literal('bodyMalformed') }).strict().describe('The body is not a JSON object.'),
  z.object({ condition: z.literal('notFound'), referent: lookupReferentSchema }).strict(),
  z.object({ condition: z.literal('badState'), referent: lookupReferentSchema }).strict(),
  z
    .object({ condition: z.literal('state'), referent: lookupReferentSchema, states: z.array(z.string().min(1)).min(1) })
    .strict(),
  z
    .object({ condition: z.literal('caseOnlyMatch'), referent: z.literal('entity'), field: entityFieldSchema })
    .strict()
    .describe('A value names an entity by this field only when letter case is ignored.'),
  z
    .object({ condition: z.literal('keyCaseOnlyMatch') })
    .strict()
    .describe("The keys of the operation's resource (those naming no organization or entity) name a record only when letter case is ignored."),
  z
    .object({ condition: z.literal('namedNotById'), referent: z.literal('entity'), states: z.array(z.string().min(1)).min(1) })
    .strict()
    .describe('An entity in one of these states is named by its name or email, not by its ID.'),
  z
    .object({ condition: z.literal('nameShared'), referent: z.literal('entity'), states: z.array(z.string().min(1)).min(1) })
    .strict()
    .describe('A name or email is held by an entity in one of these states and by an entity in another: which one it names.'),
  z
    .object({ condition: z.literal('lookupOrder'), members: z.array(z.string().min(1)).min(2) })
    .strict()
    .describe('Several of these members fail their lookups at once: which one is looked up first.'),
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

/**
 * One reading of an open point, with the profiles that accept it: an answer (a success, or an error of a type), `anyType`
 * (any awsJson error with a 4xx status), or, for a `lookupOrder` point, the order in which the members are looked up.
 * For lookups (`caseOnlyMatch`, `namedNotById`), the referent's notFound error means "not found" and any other outcome means
 * the lookup finds the entity and evaluation goes on; for a `nameShared` point, an outcome without a type means the lookup
 * finds the entity in another state, and one with a type the entity in a listed state, looked up as by its name from there;
 * for a `state` point, 200 means "proceeds"; for a `keyCaseOnlyMatch` point, `finds` says whether the record is found.
 */
export const outcomeSpecSchema = z
  .object({
    reading: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'a reading name is a word or kebab-case')
      .describe("The reading's name, by which a mock chooses it (default: the type, or 'success').")
      .optional(),
    status: z.int().min(100).max(599).optional(),
    type: z.string().min(1).optional(),
    anyType: z.literal(true).describe('Any awsJson error type with a 4xx status.').optional(),
    order: z.array(z.string().min(1)).min(2).describe('For a lookupOrder point: the members in the order this reading looks them up.').optional(),
    finds: z.boolean().describe('For a keyCaseOnlyMatch point: whether this reading finds the record (a success then deletes it) or not (the record is absent).').optional(),
    profiles: z.array(profileSchema).min(1),
  })
  .strict()
  .refine((outcome) => (outcome.order === undefined) !== (outcome.status === undefined), {
    message: 'an outcome has either a status (an answer) or an order (a lookupOrder reading)',
  });

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

/**
 * How the records of a resource kind are listed: a supporting operation (specs/supporting-operations.json), its input
 * members filled from the organization ID or from a record field, the output member holding the items, and which item
 * member gives which record field. A field taken from the input (e.g. `entityId`) is one list per entity of the organization;
 * pages are followed as the supporting operation's `pagination` says.
 */
export const resourceListSchema = z
  .object({
    operation: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'an operation name is PascalCase').describe('The List operation, e.g. ListMailboxPermissions.'),
    input: z
      .record(z.string(), z.string().min(1))
      .describe("Each input member of the List operation and what fills it: 'organizationId', or a field of effect.keys (one list per entity)."),
    items: z.string().min(1).describe('The output member holding the list of items.'),
    itemFields: z.record(z.string(), z.string().min(1)).describe('Each record field and the item member that gives it.'),
  })
  .strict();

/**
 * How a record of a resource kind is put (back): a supporting operation, its input members filled from the organization ID
 * or from a record field (a field of effect.keys, or one the List operation gives, such as `permissionValues`). The stateful
 * phase puts records with it; without it, a kind is only deleted and listed there.
 */
export const resourcePutSchema = z
  .object({
    operation: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'an operation name is PascalCase').describe('The Put operation, e.g. PutMailboxPermissions.'),
    input: z
      .record(z.string(), z.string().min(1))
      .describe("Each input member of the Put operation and what fills it: 'organizationId', a field of effect.keys, or a field of list.itemFields."),
  })
  .strict();

/**
 * The kind of resource an operation deletes, declared as data: a new kind needs no code. Records of a kind are held in the
 * fixture's list of that name (`mailboxPermissions`, `personalAccessTokens`) or else under `resources.<name>`; the fields of a
 * record are the keys of the spec's `effect.keys`.
 */
export const resourceKindSchema = z
  .object({
    name: referentKindSchema.describe('The kind, e.g. mailboxPermission; effect.resource and members refersTo name it.'),
    restorable: z.boolean().describe('Whether a deleted record can be put back (live runs delete only what they can restore).'),
    demo: z
      .array(z.record(z.string(), z.string()))
      .describe("Records of this kind the reference mock's demo organization holds (fields of effect.keys, entity IDs for entities).")
      .optional(),
    list: resourceListSchema
      .describe('How the records of this kind are read back (the deleteEffect check reads them after each delete); without it, effects are not checked.')
      .optional(),
    put: resourcePutSchema.describe('How a record of this kind is put (the stateful phase puts records with it); needs list.').optional(),
  })
  .strict();

/**
 * The machine-readable contract of one awsJson1_1 operation: the zod schema of a spec file (see {@link OperationSpec};
 * `loadOperationSpec` validates a file with it and names the JSON path of what is wrong).
 *
 * @example
 * operationSpecSchema.safeParse(JSON.parse(readFileSync('my-specs/DeleteWidget.json', 'utf8'))).success;
 */
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
      .partialRecord(lookupReferentSchema, z.object({ goodStates: z.array(z.string().min(1)).min(1) }).strict())
      .describe('For each kind of referent the operation looks up, the states in which the operation proceeds.'),
    resourceKind: resourceKindSchema,
    effect: z
      .object({
        action: z.literal('delete'),
        resource: referentKindSchema.describe("The resource kind deleted: the spec's resourceKind.name."),
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
    // A demo record the mock holds must be one a request can name: each key value within its member's pattern and length.
    spec.resourceKind.demo?.forEach((record, index) => {
      for (const [field, member] of Object.entries(spec.effect.keys)) {
        const value = record[field];
        const memberSpec = spec.input[member];
        if (typeof value !== 'string' || memberSpec === undefined) continue;
        let broken: readonly string[] = [];
        try {
          broken = violatedConstraints(memberSpec, value);
        } catch {
          continue; // an invalid pattern is reported where it is given
        }
        if (broken.length > 0) {
          context.addIssue({ code: 'custom', path: ['resourceKind', 'demo', index, field], message: `'${value}' is no valid ${member} (${broken.includes('length') ? 'its length' : 'its pattern'}), so no request could name this record` });
        }
      }
    });
    if (spec.effect.resource !== spec.resourceKind.name) {
      context.addIssue({ code: 'custom', path: ['effect', 'resource'], message: `names '${spec.effect.resource}', but resourceKind.name is '${spec.resourceKind.name}'` });
    }
    const list = spec.resourceKind.list;
    if (list !== undefined) {
      for (const [member, source] of Object.entries(list.input)) {
        if (source !== 'organizationId' && spec.effect.keys[source] === undefined) {
          context.addIssue({ code: 'custom', path: ['resourceKind', 'list', 'input', member], message: `names '${source}', which is neither organizationId nor a field of effect.keys` });
        }
      }
    }
    const put = spec.resourceKind.put;
    if (put !== undefined) {
      if (list === undefined) context.addIssue({ code: 'custom', path: ['resourceKind', 'put'], message: 'needs resourceKind.list: what is put is read back with it' });
      for (const [member, source] of Object.entries(put.input)) {
        if (source !== 'organizationId' && spec.effect.keys[source] === undefined && list?.itemFields[source] === undefined) {
          context.addIssue({ code: 'custom', path: ['resourceKind', 'put', 'input', member], message: `names '${source}', which is neither organizationId, a field of effect.keys nor a field of list.itemFields` });
        }
      }
    }
    for (const [member, memberSpec] of Object.entries(spec.input)) {
      const kind = memberSpec.refersTo;
      if (kind !== undefined && kind !== 'organization' && kind !== 'entity' && kind !== spec.resourceKind.name) {
        context.addIssue({ code: 'custom', path: ['input', member, 'refersTo'], message: `names '${kind}', which is neither organization, entity nor the resourceKind '${spec.resourceKind.name}'` });
      }
    }
    spec.openPoints.forEach((point, index) => {
      const ids = spec.openPoints.map((candidate) => candidate.id);
      if (ids.indexOf(point.id) !== index) context.addIssue({ code: 'custom', path: ['openPoints', index, 'id'], message: `open point id '${point.id}' is listed twice` });
      const isOrder = point.when.condition === 'lookupOrder';
      if (point.when.condition === 'lookupOrder') point.when.members.forEach((member, at) => check(member, ['openPoints', index, 'when', 'members', at]));
      point.outcomes.forEach((outcome, at) => {
        if (isOrder !== (outcome.order !== undefined)) {
          context.addIssue({ code: 'custom', path: ['openPoints', index, 'outcomes', at], message: isOrder ? 'a lookupOrder reading gives an order' : 'only a lookupOrder reading gives an order' });
        }
      });
      // Two entities share a name only where one of them may give its name up: a state no namedNotById point lists never does.
      if (point.when.condition === 'nameShared') {
        const givingUp = new Set(spec.openPoints.flatMap((candidate) => (candidate.when.condition === 'namedNotById' ? candidate.when.states : [])));
        point.when.states.forEach((state, at) => {
          if (!givingUp.has(state)) context.addIssue({ code: 'custom', path: ['openPoints', index, 'when', 'states', at], message: `state '${state}' is in no namedNotById open point, so no name is ever shared with an entity in it` });
        });
      }
      const names = point.outcomes.map(readingName);
      names.forEach((name, at) => {
        if (names.indexOf(name) !== at) context.addIssue({ code: 'custom', path: ['openPoints', index, 'outcomes', at], message: `reading '${name}' is listed twice (give each a distinct reading name)` });
      });
    });
    // The model finds entities and records in an organization: it is looked up before them.
    const firstLookup = spec.precedence.order.find((member) => {
      const referent = spec.input[member]?.refersTo;
      return referent === 'organization' || referent === 'entity';
    });
    if (firstLookup === undefined || spec.input[firstLookup]?.refersTo !== 'organization') {
      context.addIssue({ code: 'custom', path: ['precedence', 'order'], message: 'must name the member that refers to the organization before any that refers to an entity: the model finds everything else in the organization' });
    }
    // Every request the model judges has an answer: without one, the reference mock has none to give (a 500 of its own).
    const answers = (condition: string) => spec.errors.some((error) => error.when.condition === condition) || spec.openPoints.some((point) => point.when.condition === condition);
    for (const [condition, what] of [
      ['inputInvalid', 'input that breaks a constraint'],
      ['inputWrongType', 'a member of the wrong JSON type'],
    ] as const) {
      if (!answers(condition)) context.addIssue({ code: 'custom', path: ['errors'], message: `no error or open point answers ${what}: give one whose when is { "condition": "${condition}" }` });
    }
    if (!spec.openPoints.some((point) => point.when.condition === 'bodyMalformed')) {
      context.addIssue({ code: 'custom', path: ['openPoints'], message: 'no open point answers a body that is no JSON object: give one whose when is { "condition": "bodyMalformed" } (see malformed-body in the shipped specs)' });
    }
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
    // The X-Amz-Target names the operation after its dot: a misspelt name would go into every report.
    const targeted = spec.protocol.target.slice(spec.protocol.target.lastIndexOf('.') + 1);
    if (targeted !== spec.operation) {
      context.addIssue({ code: 'custom', path: ['operation'], message: `'${spec.operation}' is not the operation protocol.target names ('${spec.protocol.target}')` });
    }
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

/**
 * AWS's common errors for the service, and the errors of the awsJson protocol itself: the zod schema of
 * `specs/common-errors.json` (see {@link CommonErrors}).
 *
 * @example
 * commonErrorsSchema.parse(JSON.parse(readFileSync('my-specs/common-errors.json', 'utf8'))).protocolErrors.length;
 */
export const commonErrorsSchema = z
  .object({
    $schema: z.string().optional(),
    provenance: z.object({ documentation: z.url(), note: z.string(), encoded: z.iso.date() }).strict(),
    commonErrors: z.array(sharedErrorSchema),
    protocolErrors: z.array(sharedErrorSchema),
  })
  .strict();

// Kept apart from the schemas so that a run of the shipped specs, which validates nothing, never loads zod.
export { readingName };

/**
 * Which answers count as conformant: `documented` (exactly what the AWS pages say) or `aws` (also the generic
 * ValidationException and SerializationException many AWS services answer).
 *
 * @example
 * const report = await runConformance({ target, profile: 'aws' satisfies Profile });
 */
export type Profile = z.infer<typeof profileSchema>;
export type LookupReferent = z.infer<typeof lookupReferentSchema>;
export type EntityField = z.infer<typeof entityFieldSchema>;
export type ResourceKindSpec = z.infer<typeof resourceKindSchema>;
export type ResourcePutSpec = z.infer<typeof resourcePutSchema>;
export type ResourceListSpec = z.infer<typeof resourceListSchema>;
export type ReferentKind = z.infer<typeof referentKindSchema>;
/**
 * One form an identifier member takes (an ID, a name, an email, …), with the pattern that tells it apart.
 *
 * @example
 * findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions').input.EntityId?.forms?.map((form: IdentifierForm) => form.name); // ['uuid', 'resourceId', 'sid', …]
 */
export type IdentifierForm = z.infer<typeof identifierFormSchema>;
/**
 * One input member of an operation: its type, whether it is required, its length and pattern, the identifier forms it
 * accepts and what it refers to (an organization, an entity, a token).
 *
 * @example
 * const member: MemberSpec | undefined = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions').input.EntityId;
 * member?.length?.max; // 256
 */
export type MemberSpec = z.infer<typeof memberSpecSchema>;
/**
 * One documented error of an operation: its type, its HTTP status and the condition the page names for it.
 *
 * @example
 * findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken').errors.map((error: ErrorSpec) => `${error.status} ${error.type}`);
 */
export type ErrorSpec = z.infer<typeof errorSpecSchema>;
export type OutcomeSpec = z.infer<typeof outcomeSpecSchema>;
/**
 * Something the documentation leaves open (which error a deleted organization gets, say), with every outcome the kit
 * accepts for it: a target is never failed for taking one of them.
 *
 * @example
 * findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken').openPoints.map((point: OpenPoint) => point.id); // ['constraint-violation-error', …]
 */
export type OpenPoint = z.infer<typeof openPointSchema>;
/**
 * The machine-readable contract of one operation (the built-in ones are `specs/*.json`): its input members and their
 * constraints, the documented errors, the success response and its effect, the state rules and the open points.
 *
 * @example
 * const spec: OperationSpec = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions');
 * Object.keys(spec.input); // ['EntityId', 'GranteeId', 'OrganizationId']
 */
export type OperationSpec = z.infer<typeof operationSpecSchema>;
export type SharedError = z.infer<typeof sharedErrorSchema>;
/**
 * AWS's common errors for the service and the awsJson protocol's own errors (`specs/common-errors.json`): the answers any
 * operation may give besides its documented ones.
 *
 * @example
 * loadCommonErrors().commonErrors.map((error) => error.type); // ['AccessDeniedException', …, 'ThrottlingException', …]
 */
export type CommonErrors = z.infer<typeof commonErrorsSchema>;
