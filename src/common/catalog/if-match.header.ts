export const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'ETag from a previous read; a stale one is a 412',
};
