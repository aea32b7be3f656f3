import {
  DataTypes,
  Model,
  type InferAttributes,
  type InferCreationAttributes,
  type InitOptions,
  type ModelAttributes,
  type ModelStatic,
  type Sequelize,
} from 'sequelize';

/**
 * What every model file shares: the attribute types, the column shorthands, and how a model's
 * definition is bound to one connection. The schema itself is owned by migrations/; the
 * definitions must match it (test/integration/db/migrations.test.ts checks that).
 */

export type Attrs<M extends Model> = InferAttributes<M>;
export type CAttrs<M extends Model> = InferCreationAttributes<M>;

/** A model's table: its name, its columns and any option beyond the shared ones. */
export interface ModelSpec<M extends Model> {
  modelName: string;
  tableName: string;
  attributes: ModelAttributes<M, Attrs<M>>;
  options?: Omit<InitOptions<M>, 'sequelize' | 'tableName' | 'modelName'>;
}

export const pk = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true };
export const ts = { createdAt: DataTypes.DATE, updatedAt: DataTypes.DATE };
export const str = (n: number, allowNull = true) => ({ type: DataTypes.STRING(n), allowNull });
export const date = (allowNull = true) => ({ type: DataTypes.DATE, allowNull });
export const dateOnly = (allowNull = true) => ({ type: DataTypes.DATEONLY, allowNull });
export const int = (allowNull = true) => ({ type: DataTypes.INTEGER, allowNull });
export const bool = (defaultValue: boolean) => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue });
export const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });

/**
 * A fresh subclass of `base`, initialised on this connection. Model.init binds a class to one
 * Sequelize instance, so sharing the module-level classes would let a second connection (a test
 * opening two databases, a tool comparing two) silently take over the first one's models.
 */
export function bindModel<C extends ModelStatic<Model>>(base: C, spec: ModelSpec<InstanceType<C>>, sequelize: Sequelize): C {
  const Bound = class extends (base as unknown as typeof Model) {};
  Bound.init(spec.attributes as ModelAttributes, {
    ...(spec.options as Omit<InitOptions, 'sequelize'>),
    sequelize,
    underscored: true,
    tableName: spec.tableName,
    modelName: spec.modelName,
  });
  return Bound as unknown as C;
}
