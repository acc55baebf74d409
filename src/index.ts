export * from './organization-trail';
export * from './archive/archive-lifecycle';
