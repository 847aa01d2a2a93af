-- Candidate improvement actions of a tenant (seed 001, "Priorisation des chantiers"): each is linked to the
-- key driver it addresses, with the complexity and cost an admin entered (ImprovementActionInputSchema in
-- @cxkit/core, kept whole as JSON). Impact and customers concerned are computed at read time, never stored.
CREATE TABLE improvement_actions (
  tenant_id text NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  action jsonb NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
