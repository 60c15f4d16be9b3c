-- Root-cause tags: the cause the rules gave each backorder line when it was
-- last open, with the deciding rule and the evidence (a JSON array of
-- sentences). Open lines are retagged by every import and every applied
-- rule change; a closed line keeps its last tag. A planner's override
-- (root_cause_override) goes on top of the tag wherever a cause is read.
CREATE TABLE root_cause_tag (
    order_id   TEXT NOT NULL,
    order_line TEXT NOT NULL,
    root_cause TEXT NOT NULL,
    rule       TEXT NOT NULL,
    evidence   TEXT NOT NULL DEFAULT '[]',
    as_of      TEXT NOT NULL,
    batch_id   INTEGER NOT NULL REFERENCES import_batch(batch_id),
    PRIMARY KEY (order_id, order_line)
) WITHOUT ROWID;
CREATE INDEX root_cause_tag_by_cause ON root_cause_tag(root_cause);
