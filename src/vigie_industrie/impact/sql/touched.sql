-- The territories holding the sites, with their names and the jobs lost in each.
names as (select type, code, phase, nom from territoire)

select touched.*, names.nom
from touched
left join names on names.type = touched.type and names.code = touched.code and names.phase is not distinct from touched.phase
