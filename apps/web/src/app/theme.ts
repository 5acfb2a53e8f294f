export const brandColor = '#1f4fd8';
