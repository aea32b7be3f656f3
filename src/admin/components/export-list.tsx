import React from 'react';
import { Box, H3, Text, Button, Icon } from '@adminjs/design-system';

/** The list's own query (filters and sort) — never its page — for the export route. */
function exportQuery(search: string): string {
  const params = new URLSearchParams(search);
  const kept = new URLSearchParams();
  params.forEach((value, key) => {
    if (key.startsWith('filters.') || key === 'sortBy' || key === 'direction') kept.append(key, value);
  });
  const text = kept.toString();
  return text ? `?${text}` : '';
}

/**
 * "Unduh xlsx": opened in a drawer over the list, so the address still carries the list's
 * filters and sort; the link asks the export route for exactly that list, every page of it.
 */
const ExportList: React.FC<any> = ({ action }) => {
  const query = exportQuery(window.location.search);
  const filters = [...new URLSearchParams(query).keys()].filter((k) => k.startsWith('filters.')).length;
  const href = `${String(action.custom?.href ?? '')}${query}`;
  return (
    <Box variant="card" p="xl" data-testid="export-list">
      <H3>Unduh xlsx</H3>
      <Text mb="lg">
        {filters
          ? `Semua baris daftar ini sesuai ${filters} saringan dan urutan yang sedang dipakai, dalam satu berkas Excel.`
          : 'Semua baris daftar ini (tanpa saringan), dengan urutan yang sedang dipakai, dalam satu berkas Excel.'}
      </Text>
      <Button as="a" href={href} download variant="contained" data-testid="export-download">
        <Icon icon="Download" />
        Unduh xlsx
      </Button>
    </Box>
  );
};

export default ExportList;
