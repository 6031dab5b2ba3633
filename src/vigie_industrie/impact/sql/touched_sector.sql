-- Jobs lost per territory holding sites × A38 sector of the sites (checked against what the sector holds).
done as (select * from touched_sector)

select * from done
