-- The filters on a service's own row (ages, locality) without reading the
-- rows: every published service's ages and locality in id order, which a
-- search scans (INDEXED BY, src/directory/dir_search.c filter_sets) when
-- it has no organisation or date to seek. At a million services a search
-- for "18 and over" read every row (1.4 s); the index is a few MB.
CREATE INDEX dir_services_filters ON dir_services(id, minimum_age, maximum_age, locality_id)
  WHERE moderation = 'published';
