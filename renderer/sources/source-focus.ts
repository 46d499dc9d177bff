/** How the board's warning asks the Sources dialog for a source another desktop pulls: `shared:<key>`. */
export const SHARED_FOCUS = 'shared:';
