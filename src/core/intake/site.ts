// PLACEHOLDER until the siteparse branch lands (helper builds the real parser).
import type { DeviceField, FieldName } from '../fields.js';
import type { Locale } from '../i18n/locale.js';
export interface SiteRowIssue { field: FieldName | 'row'; input?: string; message: string }
export interface SiteRow { row: number; fields: Partial<Record<DeviceField, string>>; code?: string; ageMs?: number; errors: SiteRowIssue[]; warnings: SiteRowIssue[]; text: string }
export interface SiteIntake { multi: boolean; rows: SiteRow[]; shared: Partial<Record<DeviceField, string>>; sharedErrors: SiteRowIssue[]; unrecognised: string[]; unread?: true }
export function parseSite(_text: string, _locale: Locale): SiteIntake {
  return { multi: false, rows: [], shared: {}, sharedErrors: [], unrecognised: [] };
}
