DROP TRIGGER cases_epoch ON cases;
DROP TRIGGER case_topics_epoch ON case_topics;
DROP TRIGGER case_demands_epoch ON case_demands;
DROP TRIGGER case_audience_epoch ON case_audience;
DROP FUNCTION bump_cases_epoch();
DROP TABLE change_counters;
