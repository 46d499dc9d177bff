/** The five board columns, left to right. The order is the workflow. */
export const COLUMNS = ['new', 'in_service', 'on_hold', 'ready', 'finished'] as const;
export type ColumnId = (typeof COLUMNS)[number];

export const FINISHED: ColumnId = 'finished';

/** Colour tags a service advisor can put on a card; `none` means untagged. */
export const COLOURS = ['none', 'red', 'orange', 'yellow', 'green', 'blue', 'purple'] as const;
export type Colour = (typeof COLOURS)[number];
