import { DataTypes } from 'sequelize';

/**
 * A JSON value kept in a TEXT column. MariaDB's JSON is LONGTEXT and comes back as a string,
 * MySQL 8 and SQLite differ again; TEXT with explicit (de)serialisation behaves the same on all.
 */
export function jsonColumn(name: string, allowNull = true) {
  return {
    type: DataTypes.TEXT,
    allowNull,
    get(this: { getDataValue(k: string): unknown }) {
      const raw = this.getDataValue(name);
      if (raw === null || raw === undefined || raw === '') return null;
      if (typeof raw !== 'string') return raw;
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        return raw;
      }
    },
    set(this: { setDataValue(k: string, v: unknown): void }, value: unknown) {
      this.setDataValue(name, value === null || value === undefined ? null : typeof value === 'string' ? value : JSON.stringify(value));
    },
  };
}
