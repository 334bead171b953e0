import type { StaffLanguage } from '../../config.js';
import { en } from './en.js';
import type { StaffText } from './ja.js';
import { dataEn } from './data-en.js';
import { dataJa, type DataText } from './data-ja.js';
import { opsEn } from './ops-en.js';
import { opsJa, type OpsText } from './ops-ja.js';
import { reachEn } from './reach-en.js';
import { reachJa, type ReachText } from './reach-ja.js';

export type { OpsText } from './ops-ja.js';
export type { ReachText } from './reach-ja.js';
export type { DataText } from './data-ja.js';

/** The /visit, /broadcast, App Home and alert texts in a staff member's language. */
export function opsText(language: StaffLanguage): OpsText {
  return language === 'en' ? opsEn : opsJa;
}

/** The ops texts in the language of these staff texts (a command's usage gets only `t`). */
export function opsTextFor(t: StaffText): OpsText {
  return t === en ? opsEn : opsJa;
}

/** The visits-and-reach texts in the language of these staff texts. */
export function reachTextFor(t: StaffText): ReachText {
  return t === en ? reachEn : reachJa;
}

/** The shop's-data texts (channel exposure, disclosure) in the language of these staff texts. */
export function dataTextFor(t: StaffText): DataText {
  return t === en ? dataEn : dataJa;
}
