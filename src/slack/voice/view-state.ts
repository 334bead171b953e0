import { parsedJson } from '../commands/arguments.js';
import type { BlockAction, ViewOutput } from '@slack/bolt';
import type { StaffMemberRef } from '../staff-directory.js';

type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

/** The value typed in an input whose block id is `block` (or starts with `block_`, a later round). */
export function typedIn(values: StateValues | undefined, block: string, action: string): string | undefined {
  const key = Object.keys(values ?? {}).find((id) => id === block || id.startsWith(`${block}_`));
  return key ? (values?.[key]?.[action]?.value ?? undefined) : undefined;
}

/** The option chosen in a select or radio buttons input. */
export function chosenIn(values: StateValues | undefined, block: string, action: string): string | undefined {
  return values?.[block]?.[action]?.selected_option?.value ?? undefined;
}

/** The block id of the input that starts with `block` (errors must name it exactly). */
export function blockIdOf(values: StateValues | undefined, block: string): string {
  return Object.keys(values ?? {}).find((id) => id === block || id.startsWith(`${block}_`)) ?? block;
}

/** Who did it, from a block action or a view submission. */
export function memberOf(body: {
  user: { id: string; team_id?: string };
  team?: { id: string } | null;
}): StaffMemberRef {
  return { teamId: body.user.team_id ?? body.team?.id ?? '', userId: body.user.id };
}

/** The view's state values as Slack sends them. */
export function valuesOf(view: ViewOutput | BlockAction['view'] | undefined): StateValues | undefined {
  return view?.state?.values;
}

/** The view's private metadata, parsed as JSON (undefined when it is not). */
export function metadataOf(view: { private_metadata?: string } | undefined): unknown {
  return parsedJson(view?.private_metadata);
}
