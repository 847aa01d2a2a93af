-- The plan of an improvement action (seed 001, "Mise en place d'un plan d'action structuré"): its SMART
-- objective, owner, status and checkpoints (ActionPlanSchema in @cxkit/core, kept whole as JSON; null while
-- the action is only a candidate). Progress is measured from the aggregates at read time, never stored.
ALTER TABLE improvement_actions ADD COLUMN plan jsonb;
