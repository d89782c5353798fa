/** The assessment export (考核数据) saved as a file: the endpoint needs the bearer token, so no plain link. */
import { ApiError, storedToken } from '../../api/client';

export type ExportFormat = 'csv' | 'xlsx';

/** The file name of a Content-Disposition: the full (Chinese) `filename*` when there is one. */
export function attachmentName(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // A malformed escape: the plain name below still serves.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1].trim() : fallback;
}

export async function downloadAssessment(year: number, jurisdictionId: string, format: ExportFormat): Promise<string> {
  const query = new URLSearchParams({ year: String(year), jurisdictionId, format });
  const token = storedToken();
  let response: Response;
  try {
    response = await fetch(`/api/exports/assessment?${query.toString()}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(response.status, body.code ?? 'ERROR', body.message ?? `导出失败（${response.status}）`);
  }
  const name = attachmentName(response.headers.get('Content-Disposition'), `assessment-${year}.${format}`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has the file once the click is handled; give it a moment before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
