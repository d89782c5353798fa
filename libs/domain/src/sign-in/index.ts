export * from './password-policy';
export * from './login-lockout';
