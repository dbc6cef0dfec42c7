DROP INDEX cases_published_cover;
