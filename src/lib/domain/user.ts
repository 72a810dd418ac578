// Shared with the administration screen, which lists the roles to choose from.
export const USER_ROLES = ['admin', 'lead', 'member', 'viewer'] as const;
/**
 * What a person may do city-wide. `admin`: everything. `lead` and `member`: read and write the
 * inspections of the delegations they belong to. `viewer`: read every inspection, write none.
 */
export type UserRole = (typeof USER_ROLES)[number];
