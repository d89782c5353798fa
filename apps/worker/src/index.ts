export * from './create-worker';
export * from './cycles/stage-recipients.service';
