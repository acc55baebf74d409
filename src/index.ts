export * from './organization-trail';
export * from './archive/archive-lifecycle';
export * from './archive/trail-archive';
export * from './delivery/cloudwatch-delivery';
export * from './key/trail-key';
