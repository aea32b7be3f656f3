import React, { useCallback, useState } from 'react';
import { Box, Text } from '@adminjs/design-system';
import { OriginalList } from 'adminjs';

/**
 * AdminJS's list with a bounded total (issue 11): the server counts at most 10,001 matching rows
 * (src/domain/records/bounded-count.ts, LIST_COUNT_LIMIT), so a total above 10,000 means "more
 * than 10.000" — shown so in the header's count and under the pagination, numbers in Indonesian.
 */
const LIST_COUNT_LIMIT = 10_000;
const number = new Intl.NumberFormat('id-ID');

const List: React.FC<any> = (props) => {
  const { setTag } = props as { setTag?: (tag: string) => void };
  const [bounded, setBounded] = useState(false);
  const tag = useCallback(
    (total: string) => {
      const n = Number(total);
      setBounded(n > LIST_COUNT_LIMIT);
      setTag?.(Number.isFinite(n) ? (n > LIST_COUNT_LIMIT ? `> ${number.format(LIST_COUNT_LIMIT)}` : number.format(n)) : total);
    },
    [setTag],
  );
  return (
    <>
      <OriginalList {...props} setTag={tag} />
      {bounded ? (
        <Box data-testid="list-total-bounded" mt="default" mb="xl">
          <Text textAlign="center" color="grey60">
            {`Lebih dari ${number.format(LIST_COUNT_LIMIT)} data — halaman setelah ${number.format(LIST_COUNT_LIMIT)} data pertama dapat dibuka dengan menyaring daftar.`}
          </Text>
        </Box>
      ) : null}
    </>
  );
};

export default List;
