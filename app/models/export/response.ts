/** An export file as the HTTP answer. */
import type { Period } from '~/domain/period';

export type ExportFormat = 'csv' | 'xlsx' | 'docx';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The file as an attachment, never cached (it holds assessments that are not public). */
export function fileResponse(body: string | Buffer, format: ExportFormat, period: Period): Response {
  return new Response(typeof body === 'string' ? body : new Uint8Array(body), {
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="linssi-arviointi-${period.from}-${period.to}.${format}"`,
      'Cache-Control': 'no-store',
    },
  });
}
