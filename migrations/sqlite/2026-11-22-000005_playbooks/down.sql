DROP TABLE playbook_search;
DROP TABLE playbook_uses;
DROP TABLE playbook_suggestions;
DROP TABLE playbook_revisions;
DROP TABLE playbook_audience;
DROP TABLE playbook_demands;
DROP TABLE playbook_topics;
DROP TABLE playbooks;
