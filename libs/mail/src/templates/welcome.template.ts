import { Role, ROLE_LABELS } from '@rol/domain';
import { renderParagraphs, RenderedMail } from './layout';

export interface WelcomeMailData {
  name: string;
  email: string;
  organizationName: string | null;
  roles: readonly Role[];
  /** Where the console is (`PUBLIC_URL`): the mail links there. */
  consoleUrl?: string;
}

export function renderWelcomeMail(data: WelcomeMailData): RenderedMail {
  const roles = data.roles.map((r) => ROLE_LABELS[r]).join('、') || '（暂无）';
  return renderParagraphs(
    '【账号开通】法治政府建设年度报告与述法工作平台',
    `${data.name}，您好：`,
    [
      `您在法治政府建设年度报告与述法工作平台的账号已开通。`,
      `登录邮箱：${data.email}`,
      `所属单位：${data.organizationName ?? '全系统'}`,
      `角色：${roles}`,
      '初始密码由管理员另行告知，请登录后及时修改。',
    ],
    data.consoleUrl ? { label: '登录平台', url: data.consoleUrl } : undefined,
  );
}
