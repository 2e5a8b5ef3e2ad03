// The core's catalogs, one JSON file per language and namespace (catalogs/<locale>/<namespace>.json),
// each namespace one book. A platform keeps its own words the same way in its own catalogs/.

import { book } from './say.js';
import en_notices from './catalogs/en/notices.json' with { type: 'json' };
import de_notices from './catalogs/de/notices.json' with { type: 'json' };
import fr_notices from './catalogs/fr/notices.json' with { type: 'json' };
import es_notices from './catalogs/es/notices.json' with { type: 'json' };
import it_notices from './catalogs/it/notices.json' with { type: 'json' };
import nl_notices from './catalogs/nl/notices.json' with { type: 'json' };
import en_copy from './catalogs/en/copy.json' with { type: 'json' };
import de_copy from './catalogs/de/copy.json' with { type: 'json' };
import fr_copy from './catalogs/fr/copy.json' with { type: 'json' };
import es_copy from './catalogs/es/copy.json' with { type: 'json' };
import it_copy from './catalogs/it/copy.json' with { type: 'json' };
import nl_copy from './catalogs/nl/copy.json' with { type: 'json' };
import en_refusals from './catalogs/en/refusals.json' with { type: 'json' };
import de_refusals from './catalogs/de/refusals.json' with { type: 'json' };
import fr_refusals from './catalogs/fr/refusals.json' with { type: 'json' };
import es_refusals from './catalogs/es/refusals.json' with { type: 'json' };
import it_refusals from './catalogs/it/refusals.json' with { type: 'json' };
import nl_refusals from './catalogs/nl/refusals.json' with { type: 'json' };
import en_card from './catalogs/en/card.json' with { type: 'json' };
import de_card from './catalogs/de/card.json' with { type: 'json' };
import fr_card from './catalogs/fr/card.json' with { type: 'json' };
import es_card from './catalogs/es/card.json' with { type: 'json' };
import it_card from './catalogs/it/card.json' with { type: 'json' };
import nl_card from './catalogs/nl/card.json' with { type: 'json' };
import en_fields from './catalogs/en/fields.json' with { type: 'json' };
import de_fields from './catalogs/de/fields.json' with { type: 'json' };
import fr_fields from './catalogs/fr/fields.json' with { type: 'json' };
import es_fields from './catalogs/es/fields.json' with { type: 'json' };
import it_fields from './catalogs/it/fields.json' with { type: 'json' };
import nl_fields from './catalogs/nl/fields.json' with { type: 'json' };
import en_firmware from './catalogs/en/firmware.json' with { type: 'json' };
import de_firmware from './catalogs/de/firmware.json' with { type: 'json' };
import fr_firmware from './catalogs/fr/firmware.json' with { type: 'json' };
import es_firmware from './catalogs/es/firmware.json' with { type: 'json' };
import it_firmware from './catalogs/it/firmware.json' with { type: 'json' };
import nl_firmware from './catalogs/nl/firmware.json' with { type: 'json' };
import en_language from './catalogs/en/language.json' with { type: 'json' };
import de_language from './catalogs/de/language.json' with { type: 'json' };
import fr_language from './catalogs/fr/language.json' with { type: 'json' };
import es_language from './catalogs/es/language.json' with { type: 'json' };
import it_language from './catalogs/it/language.json' with { type: 'json' };
import nl_language from './catalogs/nl/language.json' with { type: 'json' };
import en_bosch from './catalogs/en/bosch.json' with { type: 'json' };
import de_bosch from './catalogs/de/bosch.json' with { type: 'json' };
import fr_bosch from './catalogs/fr/bosch.json' with { type: 'json' };
import es_bosch from './catalogs/es/bosch.json' with { type: 'json' };
import it_bosch from './catalogs/it/bosch.json' with { type: 'json' };
import nl_bosch from './catalogs/nl/bosch.json' with { type: 'json' };
import en_site from './catalogs/en/site.json' with { type: 'json' };
import de_site from './catalogs/de/site.json' with { type: 'json' };
import fr_site from './catalogs/fr/site.json' with { type: 'json' };
import es_site from './catalogs/es/site.json' with { type: 'json' };
import it_site from './catalogs/it/site.json' with { type: 'json' };
import nl_site from './catalogs/nl/site.json' with { type: 'json' };

export const NOTICES = book('notices', { en: en_notices, de: de_notices, fr: fr_notices, es: es_notices, it: it_notices, nl: nl_notices });
export const COPY = book('copy', { en: en_copy, de: de_copy, fr: fr_copy, es: es_copy, it: it_copy, nl: nl_copy });
export const REFUSALS = book('refusals', {
  en: en_refusals,
  de: de_refusals,
  fr: fr_refusals,
  es: es_refusals,
  it: it_refusals,
  nl: nl_refusals,
});
export const CARD = book('card', { en: en_card, de: de_card, fr: fr_card, es: es_card, it: it_card, nl: nl_card });
export const FIELDS = book('fields', { en: en_fields, de: de_fields, fr: fr_fields, es: es_fields, it: it_fields, nl: nl_fields });
export const FIRMWARE = book('firmware', {
  en: en_firmware,
  de: de_firmware,
  fr: fr_firmware,
  es: es_firmware,
  it: it_firmware,
  nl: nl_firmware,
});
export const LANGUAGE = book('language', {
  en: en_language,
  de: de_language,
  fr: fr_language,
  es: es_language,
  it: it_language,
  nl: nl_language,
});
export const BOSCH = book('bosch', { en: en_bosch, de: de_bosch, fr: fr_bosch, es: es_bosch, it: it_bosch, nl: nl_bosch });
export const SITE = book('site', { en: en_site, de: de_site, fr: fr_site, es: es_site, it: it_site, nl: nl_site });
