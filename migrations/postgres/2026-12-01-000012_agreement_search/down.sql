DROP TABLE agreement_search;
