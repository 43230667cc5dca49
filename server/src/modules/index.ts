import type { DomainModule, SeedStep } from '../shared/module';
import { LocalizedName } from '../shared/localized-name';
import { BaseEntity } from '../shared/node';
import type { NodeClass } from '../shared/node-type';
import { authModule } from './auth';
import { countryModule } from './country';
import { grantModule } from './grant';
import { historyModule } from './history';
import { limitsModule } from '../limits';
import { meetingModule } from './meeting';
import { nodeModule } from './node';
import { organizationModule } from './organization';
import { personModule } from './person';
import { programModule } from './program';
import { searchModule } from './search';
import { sourceModule } from './source';

/** The domains, in the order search ranks equally good matches (and the seeder breaks ties). Add a module here. */
const DOMAINS = [countryModule, organizationModule, personModule, meetingModule, programModule, grantModule, sourceModule] as const;

export const MODULES: readonly DomainModule[] = [...DOMAINS, nodeModule, searchModule(DOMAINS), authModule, historyModule(DOMAINS), limitsModule];

/** Every Node entity, by its type name. */
export const NODE_TYPES: Readonly<Record<string, NodeClass>> = Object.assign({}, ...MODULES.map((m) => m.nodes));

/** What MikroORM maps: the shared bases and embeddables, and every module's entities. */
export const ENTITIES = [BaseEntity, LocalizedName, ...MODULES.flatMap((m) => [...(m.entities ?? []), ...Object.values(m.nodes)])];

/** What listens to the ORM's flushes (the change recorder). */
export const SUBSCRIBERS = MODULES.flatMap((m) => m.subscribers ?? []);

/** Every resolver of the schema. */
export const RESOLVERS = MODULES.flatMap((m) => m.resolvers) as unknown as [Function, ...Function[]];

/** Per-request loaders: what each module's `loaders` makes, merged. */
export type Loaders = UnionToIntersection<LoadersOf<(typeof DOMAINS)[number]>>;
type LoadersOf<M> = M extends { loaders: (...args: never[]) => infer L } ? L : never;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/**
 * The seeding steps of every module, ordered so that each comes after the steps of the types it `needs`
 * (ties keep the modules' order). Citations, which may point at anything, are stored after all of them.
 */
export const SEED_STEPS: readonly SeedStep[] = orderSteps(MODULES.flatMap((m) => m.seed ?? []));

function orderSteps(steps: readonly SeedStep[]): SeedStep[] {
  const unknown = steps.flatMap((s) => (s.needs ?? []).filter((t) => !steps.some((o) => o.type === t)).map((t) => `${s.type} needs ${t}`));
  if (unknown.length) throw new Error(`Seed steps need types no step seeds: ${unknown.join(', ')}.`);
  const ordered: SeedStep[] = [];
  const pending = [...steps];
  const stored = (type: string) => !pending.some((s) => s.type === type);
  while (pending.length) {
    const next = pending.findIndex((s) => (s.needs ?? []).every((t) => t === s.type || stored(t)));
    if (next < 0) throw new Error(`Seed steps need each other in a cycle: ${pending.map((s) => `${s.type} (${s.file})`).join(', ')}.`);
    ordered.push(...pending.splice(next, 1));
  }
  return ordered;
}
