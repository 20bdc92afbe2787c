/**
 * The shape of the ids operations take (UUIDs). An id of another shape is "not found" at once: it never reaches
 * a query, where PostgreSQL would refuse to cast it (a 500 instead of the 404 an unknown id gets).
 */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (id: string): boolean => UUID.test(id);
