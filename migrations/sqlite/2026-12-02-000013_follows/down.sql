DROP TABLE notifications;
DROP TABLE events;
DROP TABLE follows;
