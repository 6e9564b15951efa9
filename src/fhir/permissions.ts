/**
 * What the EHR let this session do, read from the scopes it granted (the token response's `scope`):
 * which interactions on which resource types, in the launched patient's compartment or across patients.
 * Both syntaxes are read: SMART v1 (`patient/Observation.read`, `user/*.*`, `.write`) and SMART v2
 * (`patient/Observation.rs`, `user/Task.cruds`, narrowed by query parameters: `?category=laboratory`).
 * A scope Clarify cannot read grants nothing. https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html
 */

/** The FHIR interactions a SMART v2 scope names by letter: c r u d s. */
export type Interaction = 'create' | 'read' | 'update' | 'delete' | 'search';

/**
 * Where an access applies: `patient`, the launched patient's compartment (satisfied by patient/, user/
 * or system/ scopes); `user`, anything the signed-in user may see, across patients (user/ or system/).
 */
export type AccessContext = 'patient' | 'user';

/** `all`: every resource of the type; `some`: only those a query-narrowed scope matches; `none`. */
export type AccessLevel = 'all' | 'some' | 'none';

export interface ResourceGrant {
  context: 'patient' | 'user' | 'system';
  /** A resource type, or `*` for every type. */
  type: string;
  interactions: ReadonlySet<Interaction>;
  /** SMART v2 narrowing (`category=laboratory`): the grant covers only the resources the query matches. */
  query?: string;
}

export interface Permissions {
  /** The scopes as granted, resource scopes or not (`openid`, `launch`, ...). */
  readonly scopes: readonly string[];
  /** The resource scopes Clarify understood. */
  readonly grants: readonly ResourceGrant[];
  /** How much of `type` the session may `interaction` in `context`. */
  access(interaction: Interaction, type: string, context: AccessContext): AccessLevel;
  /** True when at least some of `type` may be `interaction`-ed in `context` (access is not `none`). */
  can(interaction: Interaction, type: string, context: AccessContext): boolean;
}

const LETTERS: ReadonlyArray<readonly [string, Interaction]> = [['c', 'create'], ['r', 'read'], ['u', 'update'], ['d', 'delete'], ['s', 'search']];

/** SMART v1 permissions: read = read + search, write = create + update + delete, * = all. */
const V1: Readonly<Record<string, readonly Interaction[]>> = {
  read: ['read', 'search'],
  write: ['create', 'update', 'delete'],
  '*': ['create', 'read', 'update', 'delete', 'search'],
};

/** `context/type.permissions[?query]`: a resource type is a capitalised name (or `*`). */
const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]{0,63})\.([a-z*]{1,5})(?:\?(.*))?$/;
/** SMART v2 letters, each at most once and in the order c r u d s. */
const V2_LETTERS = /^c?r?u?d?s?$/;

function interactionsOf(permission: string): Interaction[] | undefined {
  if (Object.hasOwn(V1, permission)) return [...V1[permission]!];
  if (!V2_LETTERS.test(permission)) return undefined;
  return LETTERS.filter(([letter]) => permission.includes(letter)).map(([, interaction]) => interaction);
}

/** One granted scope, read; undefined when it is not a resource scope or not one Clarify can read. */
export function parseResourceScope(scope: string): ResourceGrant | undefined {
  const match = RESOURCE_SCOPE.exec(scope);
  if (!match) return undefined;
  const [, context, type, permission, query] = match as unknown as [string, ResourceGrant['context'], string, string, string | undefined];
  const interactions = interactionsOf(permission);
  // v1 has no query narrowing: `patient/Observation.read?category=x` is a malformed scope, not a wider one.
  if (!interactions?.length || (query !== undefined && Object.hasOwn(V1, permission))) return undefined;
  return { context, type, interactions: new Set(interactions), ...(query ? { query } : {}) };
}

const CONTEXTS_FOR: Record<AccessContext, ReadonlySet<ResourceGrant['context']>> = {
  patient: new Set(['patient', 'user', 'system']),
  user: new Set(['user', 'system']),
};

/** The permissions granted by these scopes (the token response's `scope`, split on whitespace). */
export function permissionsFrom(scopes: readonly string[]): Permissions {
  const grants = scopes.map(parseResourceScope).filter((g): g is ResourceGrant => g !== undefined);
  const access = (interaction: Interaction, type: string, context: AccessContext): AccessLevel => {
    const matching = grants.filter((g) => CONTEXTS_FOR[context].has(g.context) && (g.type === '*' || g.type === type) && g.interactions.has(interaction));
    if (matching.some((g) => g.query === undefined)) return 'all';
    return matching.length > 0 ? 'some' : 'none';
  };
  return {
    scopes: [...scopes],
    grants,
    access,
    can: (interaction, type, context) => access(interaction, type, context) !== 'none',
  };
}
