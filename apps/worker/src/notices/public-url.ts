/** The console's public address (`PUBLIC_URL`): notices link to the page where their recipient acts. */
export const CONSOLE_PUBLIC_URL = Symbol('CONSOLE_PUBLIC_URL');
