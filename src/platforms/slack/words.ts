// Slack's own words (Home tab, forms' errors and choices, render fallbacks), one catalog per
// language in catalogs/<locale>.json, like the core's books (core/i18n/catalog.ts).

import { book } from '../../core/i18n/say.js';
import en from './catalogs/en.json' with { type: 'json' };
import de from './catalogs/de.json' with { type: 'json' };
import fr from './catalogs/fr.json' with { type: 'json' };
import es from './catalogs/es.json' with { type: 'json' };
import it from './catalogs/it.json' with { type: 'json' };
import nl from './catalogs/nl.json' with { type: 'json' };

export const SLACK = book('slack', { en, de, fr, es, it, nl });
