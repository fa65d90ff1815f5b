const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every row id is a PostgreSQL uuid: anything else must be refused before it reaches a query. */
export const isUuid = (value: string) => UUID.test(value);
