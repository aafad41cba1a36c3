// "Download Excel / CSV" for a list: a plain link to the list's export route with the list's own
// filters (the server answers with the file, every page of it; the browser downloads it with the
// session cookie). The server decides what the file holds, exactly as it decides the list.
import { API, withQuery } from '../api';
import { useI18n } from '../i18n';
import '../i18n/dataio';
import '../dataio.css';

type Query = Record<string, string | number | boolean | null | undefined>;

export function ExportLinks({ path, query }: { path: string; query?: Query }) {
  const { t } = useI18n();
  const href = (format: 'xlsx' | 'csv') =>
    API + withQuery(path, { ...query, cursor: undefined, limit: undefined, format });
  return (
    <div className="export-links no-print" role="group" aria-label={t('dataio.export')}>
      <a className="button" href={href('xlsx')} download>
        {t('dataio.exportXlsx')}
      </a>{' '}
      <a className="button" href={href('csv')} download>
        {t('dataio.exportCsv')}
      </a>
      <p className="hint">{t('dataio.exportHint')}</p>
    </div>
  );
}
